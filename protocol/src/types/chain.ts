import type { Attestation } from './witness.ts'

/**
 * Domain types of the chain. Binary fields are `Uint8Array` (addresses 20
 * bytes, hashes 32 bytes), quantities are `bigint`; JSON-RPC hex forms live at
 * the edge, not here.
 */

/** A signed transaction as the chain carries it: its EIP-2718 bytes plus what admission derived. */
export type SealedTransaction = {
  /** The signed transaction exactly as submitted (legacy RLP or typed envelope). */
  raw: Uint8Array
  /** keccak256(raw). */
  hash: Uint8Array
  /** Sender recovered at admission, so no follower recovers it again. */
  from: Uint8Array
}

/** A log emitted during execution. */
export type Log = {
  address: Uint8Array
  topics: Uint8Array[]
  data: Uint8Array
}

/** Outcome of one transaction. Positions are carried by the enclosing mini-block. */
export type Receipt = {
  /** 1 success, 0 revert/failure. */
  status: 0 | 1
  gasUsed: bigint
  /** Cumulative gas used in the EVM block up to and including this transaction. */
  cumulativeGasUsed: bigint
  effectiveGasPrice: bigint
  /** Address of the contract this transaction created, if any. */
  contractAddress?: Uint8Array
  logs: Log[]
  /** Revert payload (ABI-encoded) when status is 0 and the EVM returned data. */
  revertData?: Uint8Array
}

/** New value of one storage slot. A zero value means the slot was cleared. */
export type StorageChange = {
  slot: Uint8Array
  value: bigint
}

/** Post-state of one account touched by a mini-block. */
export type AccountDiff = {
  address: Uint8Array
  /** The account no longer exists (EIP-161 cleanup or self-destruct); other fields are zero. */
  deleted: boolean
  /** All storage was wiped before `storage` applies (contract re-created at this address). */
  storageCleared: boolean
  nonce: bigint
  balance: bigint
  /** keccak256 of the account's code (keccak256 of empty for EOAs). */
  codeHash: Uint8Array
  /** Present only when code was deployed in this mini-block. */
  code?: Uint8Array
  storage: StorageChange[]
}

/** Everything a mini-block changed, enough to bring a replica to its post-state without executing. */
export type StateDiff = {
  accounts: AccountDiff[]
}

/**
 * A mini-block: transactions executed and sealed together within ≤ 1 ms, never
 * empty. Numbered globally from 1; `blockNumber` is the EVM block that will
 * contain it.
 */
export type MiniBlock = {
  number: bigint
  blockNumber: bigint
  /** Position of this mini-block within its EVM block, from 0. */
  indexInBlock: number
  /** Index within the EVM block of this mini-block's first transaction. */
  firstTxIndex: number
  /** Microseconds since the Unix epoch. */
  timestampUs: bigint
  /** Gas used by this mini-block's transactions. */
  gasUsed: bigint
  transactions: SealedTransaction[]
  /** One per transaction, same order. */
  receipts: Receipt[]
  stateDiff: StateDiff
}

/** A standard Ethereum (Cancun/Prague) block header. Its hash is keccak256 of its RLP. */
export type BlockHeader = {
  parentHash: Uint8Array
  uncleHash: Uint8Array
  coinbase: Uint8Array
  stateRoot: Uint8Array
  transactionsRoot: Uint8Array
  receiptsRoot: Uint8Array
  logsBloom: Uint8Array
  difficulty: bigint
  number: bigint
  gasLimit: bigint
  gasUsed: bigint
  /** Seconds since the Unix epoch. */
  timestamp: bigint
  extraData: Uint8Array
  mixHash: Uint8Array
  nonce: Uint8Array
  baseFeePerGas: bigint
  withdrawalsRoot: Uint8Array
  blobGasUsed: bigint
  excessBlobGas: bigint
  parentBeaconBlockRoot: Uint8Array
  requestsHash: Uint8Array
}

/** A sealed EVM block: a standard header plus how it was assembled from mini-blocks. */
export type Block = {
  header: BlockHeader
  /** keccak256(rlp(header)). */
  hash: Uint8Array
  miniBlockCount: number
  /** Number of the block's first mini-block; 0 when the block has none (an empty block). */
  firstMiniBlock: bigint
  /** Hashes of the block's transactions in order. */
  transactionHashes: Uint8Array[]
}

/**
 * What a follower receives from the sequencer, in order. `seq` numbers every
 * event from 1 without gaps: a follower resumes with `fromSeq = lastSeq + 1`.
 */
export type StreamEvent =
  | { kind: 'miniBlock'; seq: bigint; miniBlock: MiniBlock }
  | { kind: 'block'; seq: bigint; block: Block }
  /**
   * The verifier pool's word on a block, and where finality stands after it:
   * `finalized` is the newest block that it and every block before it were
   * attested ok by an accepted verifier (the `finalized` block tag).
   */
  | { kind: 'finality'; seq: bigint; finalized: bigint; attestation: Attestation }
  /** The chain went back to an earlier block (devnet `evm_revert`): see `Rewind`. */
  | { kind: 'rewind'; seq: bigint; rewind: Rewind }

/**
 * The chain returns to `block`, which becomes the newest sealed block again:
 * every later block and mini-block is abandoned (their numbers are reused),
 * and `stateDiff` brings each key they changed back to its value at the end
 * of `block` (absolute values, applied like a mini-block's diff).
 */
export type Rewind = {
  block: Block
  /** The newest mini-block that stays (the last of `block`, or an earlier one when it has none). */
  miniBlockNumber: bigint
  stateDiff: StateDiff
}
