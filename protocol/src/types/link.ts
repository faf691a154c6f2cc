import type { Receipt, StreamEvent } from './chain.ts'

/** Frames a client (edge, full node, tool) sends to the sequencer over the binary link. */
export type LinkRequest =
  /** Start (or restart) the event stream at `fromSeq`; the server replays history then follows live. */
  | { kind: 'subscribe'; fromSeq: bigint }
  /** Submit a signed transaction; answered by `txReceipt` or `txRejected` with the same `id`. */
  | { kind: 'submitTx'; id: number; raw: Uint8Array }

/** Where a transaction landed, plus its receipt: the acknowledgement of a submission. */
export type TxInclusion = {
  hash: Uint8Array
  miniBlockNumber: bigint
  blockNumber: bigint
  /** Index of the transaction within its EVM block. */
  txIndex: number
  receipt: Receipt
}

/** Frames the sequencer sends back. */
export type LinkResponse =
  | { kind: 'event'; event: StreamEvent }
  | { kind: 'txReceipt'; id: number; inclusion: TxInclusion }
  | { kind: 'txRejected'; id: number; code: string; message: string }
  /** Connection-level failure (bad frame, pruned cursor); the server closes after sending it. */
  | { kind: 'error'; code: string; message: string }
