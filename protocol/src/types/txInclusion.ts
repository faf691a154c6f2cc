import type { Receipt } from './chain.ts'

/** Where a transaction landed, plus its receipt: the acknowledgement of a submission. */
export type TxInclusion = {
  hash: Uint8Array
  miniBlockNumber: bigint
  blockNumber: bigint
  /** Index of the transaction within its EVM block. */
  txIndex: number
  receipt: Receipt
}
