import type { Block, Log, MiniBlock, Receipt, SealedTransaction } from './chain.ts'
import type { SequencerStamps, TxInclusion } from './txInclusion.ts'

/**
 * Capabilities the user-facing layer depends on, instead of a database or a
 * node: the RPC edge and the indexer read through these; the replica (node/)
 * implements them.
 */

/** An account as readers see it. */
export type AccountView = { nonce: bigint; balance: bigint; codeHash: Uint8Array }

/** Reads of the newest state (the newest mini-block's post-state). */
export type StateReader = {
  getAccount(address: Uint8Array): AccountView | undefined
  getCode(address: Uint8Array): Uint8Array
  /** `slot` is 32 bytes; absent slots read as 0. */
  getStorage(address: Uint8Array, slot: Uint8Array): bigint
}

/** Where the chain stands. `safe`/`finalized` are 0 until full nodes/verifiers report. */
export type ChainHead = {
  /** Newest mini-block number (the realtime `latest`/`pending`). */
  miniBlock: bigint
  /** Newest sealed EVM block number. */
  block: bigint
  safe: bigint
  finalized: bigint
}

/** A transaction with everything needed to answer `eth_getTransactionByHash`/`Receipt`. */
export type TransactionRecord = {
  tx: SealedTransaction
  receipt: Receipt
  miniBlockNumber: bigint
  /** The EVM block containing it (sealed or still open). */
  blockNumber: bigint
  /** Index within its EVM block. */
  txIndex: number
  /** Index within its EVM block of its first log. */
  firstLogIndex: number
  /** Its mini-block's timestamp, µs. */
  timestampUs: bigint
}

/** A log with its position, as `eth_getLogs` returns it. */
export type LogRecord = Log & {
  blockNumber: bigint
  miniBlockNumber: bigint
  transactionHash: Uint8Array
  txIndex: number
  logIndex: number
}

/** Filter for `LogRecord`s; topics follow eth_getLogs (null = any, array = any of). */
export type LogQuery = {
  fromMiniBlock: bigint
  toMiniBlock: bigint
  addresses?: Uint8Array[]
  topics?: (Uint8Array | Uint8Array[] | null)[]
  /** Stop after this many matches (a limit every query has). */
  limit: number
}

/** Blocks, mini-blocks, transactions and logs, newest first where it matters. */
export type BlockSource = {
  head(): ChainHead
  getBlockByNumber(number: bigint): Block | undefined
  getBlockByHash(hash: Uint8Array): Block | undefined
  getMiniBlock(number: bigint): MiniBlock | undefined
  getTransaction(hash: Uint8Array): TransactionRecord | undefined
  getLogs(query: LogQuery): LogRecord[]
}

/**
 * When one traced submission passed each point at the edge (`wallClockMs()`);
 * the submitter fills in what it sees, the sequencer's stamps when it has them.
 */
export type SubmitTrace = {
  received: number
  /** The edge's own admission checks passed; the transaction went to the sequencer. */
  admitted?: number
  /** The edge's replica held the transaction (its receipt is readable here). */
  applied?: number
  stamps?: SequencerStamps
}

/** Sends a signed transaction to the sequencer and resolves with its inclusion. */
export type TxSubmitter = {
  submit(raw: Uint8Array, trace?: SubmitTrace): Promise<TxInclusion>
}
