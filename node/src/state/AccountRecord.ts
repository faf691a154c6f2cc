/** An account as the RAM state holds it; immutable once stored (writers replace it). */
export type AccountRecord = {
  readonly nonce: bigint
  readonly balance: bigint
  readonly codeHash: Uint8Array
}
