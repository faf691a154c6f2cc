import type { EventFeed } from '@rtevm/protocol'
import type { SnapshotHold } from '../jsonrpc/index.ts'
import { waitsForChain } from './waitsForChain.ts'

/** How long a batch waits for a held-back stream event before it runs unheld. */
const MAX_WAIT_MS = 100
/** Batches waiting at once; more run unheld. */
const MAX_WAITERS = 1024

/**
 * The edge's `SnapshotHold`: a batch holds the replica (`Replica.hold`) while its entries
 * run. Fairness: once an event was refused for a hold (`heldBack`), new batches wait for it
 * to be applied before holding, so overlapping batches cannot keep the replica behind; one
 * that waited `MAX_WAIT_MS` (a batch holding that long) runs unheld instead.
 */
export function createSnapshotHold(
  replica: Pick<EventFeed, 'onEvent'> & { hold(): () => void; heldBack(): boolean },
): SnapshotHold & { close(): void } {
  const waiters = new Map<() => void, NodeJS.Timeout>()
  const wake = (resolve: () => void) => {
    clearTimeout(waiters.get(resolve))
    waiters.delete(resolve)
    resolve()
  }
  const unsubscribe = replica.onEvent(() => {
    for (const resolve of [...waiters.keys()]) wake(resolve)
  })
  return {
    waitsForChain,
    hold() {
      if (!replica.heldBack()) return replica.hold()
      if (waiters.size >= MAX_WAITERS) return Promise.resolve(undefined)
      return new Promise<void>((resolve) => {
        waiters.set(
          resolve,
          setTimeout(() => wake(resolve), MAX_WAIT_MS),
        )
      }).then(() => (replica.heldBack() ? undefined : replica.hold()))
    },
    close() {
      unsubscribe()
      for (const resolve of [...waiters.keys()]) wake(resolve)
    },
  }
}
