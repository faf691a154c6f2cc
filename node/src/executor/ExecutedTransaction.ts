import type { Receipt } from '@rtevm/protocol'

/** A transaction's outcome, with the bloom of its logs for the block header. */
export type ExecutedTransaction = {
  receipt: Receipt
  bloom: Uint8Array
}
