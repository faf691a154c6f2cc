import type { CommittedBatch } from '../follower/CommittedBatch.ts'

/**
 * The next log index of the newest block, as committed. Logs are numbered
 * across a whole EVM block, so a batch that continues a block must know where
 * the previous batch stopped; kept here, that costs no read per batch.
 */
export type LogIndexTracker = {
  /** The next log index of `block`, or undefined when not known here (then read it from `logs`). */
  known(block: bigint): number | undefined
  /** Follows a committed batch (in stream order). */
  advance(batch: CommittedBatch): void
  /** Forgets what it knew: after a rewind, a failed write or a restart. */
  reset(): void
}

export function createLogIndexTracker(): LogIndexTracker {
  // Invariant: when set, `next` is the committed next log index of `block`.
  let head: { block: bigint; next: number } | undefined
  return {
    known: (block) => (head?.block === block ? head.next : undefined),
    advance(batch) {
      for (const mb of batch.miniBlocks) {
        if (head?.block === mb.blockNumber) continue
        head = mb.indexInBlock === 0 ? { block: mb.blockNumber, next: 0 } : undefined
      }
      for (const log of batch.logs) {
        if (head?.block === log.blockNumber) head.next = log.logIndex + 1
      }
    },
    reset() {
      head = undefined
    },
  }
}
