import type { Receipt } from './chain.ts'

/**
 * When the sequencer passed each stage of one transaction, in milliseconds on
 * the shared wall clock (`performance.timeOrigin + performance.now()`, µs
 * precision), so stamps taken in different processes of one machine compare.
 */
export type SequencerStamps = {
  /** The submission reached the sequencer. */
  received: number
  /** Its sender was recovered (or taken from a trusted in-process caller). */
  recovered: number
  /** Execution began (after any transactions queued ahead of it). */
  executing: number
  executed: number
  /** Its mini-block was sealed and handed to the log. */
  sealed: number
  /** Its mini-block was durable (written and fdatasynced). */
  durable: number
}

/** Where a transaction landed, plus its receipt: the acknowledgement of a submission. */
export type TxInclusion = {
  hash: Uint8Array
  miniBlockNumber: bigint
  blockNumber: bigint
  /** Index of the transaction within its EVM block. */
  txIndex: number
  receipt: Receipt
  /** Per-stage times, when the sequencer answers in the same process (not carried by the link). */
  stamps?: SequencerStamps
}
