/** Recovers tx hash and 64-byte public key into `out` (96 bytes); returns why it failed, if it did. */
export declare function recoverInto(raw: Uint8Array, out: Uint8Array): string | undefined
