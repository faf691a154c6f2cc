import type { LocalLog } from '../da/index.ts'
import { type SnapshotHead, writeSnapshot } from '../snapshot/index.ts'
import type { RamState } from '../state/index.ts'

/** Takes a state snapshot every few blocks, in the background, and prunes the log behind it. */
export type Snapshotter = {
  /** Called right after a block is sealed; `durable` settles when that block event is in the log. */
  afterBlock(head: SnapshotHead, state: RamState, durable: Promise<void>): void
  /** Snapshots written and the last failure (a failed snapshot never stops the sequencer). */
  stats(): { written: number; lastError: unknown }
  /** Waits for a snapshot in progress. */
  close(): Promise<void>
}

export function createSnapshotter(options: {
  log: LocalLog
  snapshotDir: string
  /** 0: never. */
  everyBlocks: number
  /** Events the log keeps behind the head for followers resuming from a cursor. */
  keepEvents: number
}): Snapshotter {
  let sinceLast = 0
  let running: Promise<void> | undefined
  let written = 0
  let lastError: unknown

  async function snapshotAndPrune(head: SnapshotHead, state: RamState, durable: Promise<void>) {
    const snapshot = await writeSnapshot(options.snapshotDir, head, state, { durable })
    written++
    // Replaying any kept snapshot needs the events after it; followers need the newest keepEvents.
    const forFollowers = head.seq - BigInt(options.keepEvents)
    const forSnapshots = snapshot.oldestKeptSeq + 1n
    const pruneBefore = forFollowers < forSnapshots ? forFollowers : forSnapshots
    if (pruneBefore > 1n) await options.log.pruneBefore(pruneBefore)
  }

  return {
    afterBlock(head, state, durable) {
      if (options.everyBlocks <= 0 || ++sinceLast < options.everyBlocks || running) return
      sinceLast = 0
      // The state is captured synchronously inside writeSnapshot, before its first await.
      running = snapshotAndPrune(head, state, durable)
        .catch((error: unknown) => {
          lastError = error
        })
        .finally(() => {
          running = undefined
        })
    },
    stats: () => ({ written, lastError }),
    close: async () => {
      await running
    },
  }
}
