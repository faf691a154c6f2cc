/** Bytes `recoverInto` writes per transaction: hash (32), public key (64), address (20). */
export declare const RECOVERED_SIZE: number
/** Recovers the tx hash, public key and sender address into `out`; returns why it failed, if it did. */
export declare function recoverInto(raw: Uint8Array, out: Uint8Array): string | undefined
