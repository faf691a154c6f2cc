/** An account's fields before a diff applies. */
export type PreAccount = { nonce: bigint; balance: bigint; codeHash: Uint8Array }

/**
 * Read access to the state a compact diff is relative to: the holder's state
 * just before the diff applies (the sequencer's pre-state when encoding, a
 * follower's current state when decoding).
 */
export type PreStateLookup = {
  /** The account, or `undefined` when it does not exist (nonce 0, balance 0, empty code). */
  account(address: Uint8Array): PreAccount | undefined
  /** The slot's value (0 when unset or the account does not exist). */
  storage(address: Uint8Array, slot: Uint8Array): bigint
}
