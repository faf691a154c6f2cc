import type { Block, MiniBlock, StreamEvent } from '@rtevm/protocol'

/** A log with its position as `eth_getLogs` numbers it (across the whole EVM block). */
export type IndexedLog = {
  blockNumber: bigint
  logIndex: number
  transactionHash: Uint8Array
  transactionIndex: number
  miniBlockNumber: bigint
  /** The mini-block's timestamp, µs since the Unix epoch. */
  timestampUs: bigint
  address: Uint8Array
  topics: Uint8Array[]
  data: Uint8Array
}

/** An ERC-20 or ERC-721 `Transfer` event, decoded (see `decodeTokenTransfer`). */
export type IndexedTokenTransfer = {
  log: IndexedLog
  standard: 'erc20' | 'erc721'
  token: Uint8Array
  from: Uint8Array
  to: Uint8Array
  /** The amount for ERC-20, 1 for ERC-721. */
  value: bigint
  /** ERC-721 only. */
  tokenId?: bigint
}

/**
 * What one committed database transaction wrote, published after the commit
 * (so a reader who hears of it can query it). Batches arrive in stream order,
 * each starting at the previous one's `toSeq + 1`: every event once, in order.
 */
export type CommittedBatch = {
  fromSeq: bigint
  toSeq: bigint
  events: readonly StreamEvent[]
  miniBlocks: readonly MiniBlock[]
  blocks: readonly Block[]
  /** Every log of the batch's mini-blocks, in stream order. */
  logs: readonly IndexedLog[]
  tokenTransfers: readonly IndexedTokenTransfer[]
  /** Addresses of the tokens first seen in this batch (rows in `tokens`; name/symbol/decimals filled later). */
  newTokens: readonly Uint8Array[]
  /** Newest finalized block after this batch. */
  finalizedBlock: bigint
}

export type CommitListener = (batch: CommittedBatch) => void
