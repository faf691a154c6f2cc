import type { MiniBlock, StateDiff } from '@rtevm/protocol'

/**
 * State changes made outside execution (devnet dev methods) inside a block: the sequencer publishes
 * each as a mini-block without transactions, and `beforeTx` is how many of the block's transactions
 * ran before it. The block's witness proves the keys they write (see createBlockWitnesses).
 */
export type BlockEdit = { beforeTx: number; diff: StateDiff }

/** What a verifier re-executes for one EVM block: its transactions in order, and the edits between them. */
export type BlockContents = {
  transactions: { raw: Uint8Array; from: Uint8Array }[]
  edits: BlockEdit[]
}

/** Gathers the open block's contents from its mini-blocks, in stream order, until `take()`. */
export function createBlockGatherer(): {
  addMiniBlock(miniBlock: MiniBlock): void
  /** The open block's contents; the next block starts empty. */
  take(): BlockContents
} {
  let open: BlockContents = { transactions: [], edits: [] }
  return {
    addMiniBlock(miniBlock) {
      // Mini-blocks are never empty: one without transactions carries an edit.
      if (miniBlock.transactions.length === 0) {
        open.edits.push({ beforeTx: open.transactions.length, diff: miniBlock.stateDiff })
        return
      }
      for (const { raw, from } of miniBlock.transactions) open.transactions.push({ raw, from })
    },
    take() {
      const contents = open
      open = { transactions: [], edits: [] }
      return contents
    },
  }
}
