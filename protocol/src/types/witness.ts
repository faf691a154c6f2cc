/** One account a block touched, with the storage slots it touched (raw 32-byte slots, not hashed). */
export type WitnessAccount = {
  address: Uint8Array
  slots: Uint8Array[]
}

/**
 * Everything a stateless verifier needs to re-execute EVM block
 * `blockNumber` from its parent state root: the keys the block touched (read
 * or written), one deduplicated set of RLP trie nodes proving all of them
 * against `parentStateRoot` (account trie and storage tries together, like an
 * EIP-1186 multiproof; absent keys are proven absent by the same nodes), and
 * the bytecode of every contract execution loaded.
 */
export type Witness = {
  blockNumber: bigint
  parentStateRoot: Uint8Array
  accounts: WitnessAccount[]
  /** Unique RLP trie nodes, in no particular order; each is looked up by its keccak256. */
  nodes: Uint8Array[]
  /** Unique contract bytecodes; each is looked up by its keccak256. */
  codes: Uint8Array[]
}

/** The fields a verifier signs; `verifier` is the signer's address. */
export type UnsignedAttestation = {
  blockNumber: bigint
  blockHash: Uint8Array
  /** The state root the verifier computed (equal to the header's when `ok`). */
  stateRoot: Uint8Array
  /** The receipts root the verifier computed (equal to the header's when `ok`). */
  receiptsRoot: Uint8Array
  ok: boolean
  verifier: Uint8Array
}

/**
 * A verifier's signed statement about one block: secp256k1 over
 * `attestationDigest` (keccak256 of the encoding without the signature).
 */
export type Attestation = UnsignedAttestation & {
  /** 65 bytes: r (32), s (32), recovery id (0 or 1). */
  signature: Uint8Array
}
