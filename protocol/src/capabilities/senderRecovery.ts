/** A transaction's hash, its signer's 64-byte public key and address. */
export type Recovered = { hash: Uint8Array; publicKey: Uint8Array; from: Uint8Array }

/** Recovers transaction signers; rejects with InvalidSignatureError. */
export type SenderRecovery = {
  recover(raw: Uint8Array): Promise<Recovered>
  /** Resolves once recovery can answer without start-up delay (workers loaded). */
  ready(): Promise<void>
  close(): Promise<void>
}
