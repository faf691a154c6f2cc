import type { EventFeed } from '@rtevm/protocol'
import type { SnapshotHold } from '../jsonrpc/index.ts'
import { readsNoChain, waitsForChain } from './waitsForChain.ts'

/** How long a batch waits for a held-back stream event before it runs unheld. */
const MAX_WAIT_MS = 100
/** Batches waiting at once; more run unheld. */
const MAX_WAITERS = 1024
/** Longest a batch waits for the replica's first catch-up (a start) before it runs unheld. */
const MAX_STARTUP_WAIT_MS = 10_000

/**
 * The edge's `SnapshotHold`: a batch holds the replica (`Replica.hold`) while its entries
 * run. Fairness: once an event was refused for a hold (`heldBack`), new batches wait for it
 * to be applied before holding, so overlapping batches cannot keep the replica behind; one
 * that waited `MAX_WAIT_MS` (a batch holding that long) runs unheld instead.
 *
 * `startup`: settles when the replica first caught up with the stream (a restart replays
 * the whole history). Until then batches that read the chain wait for it (at most
 * `MAX_STARTUP_WAIT_MS`), so none answers from a replica still behind; eth_chainId and the
 * like answer at once.
 */
export function createSnapshotHold(
  replica: Pick<EventFeed, 'onEvent'> & { hold(): () => void; heldBack(): boolean },
  startup?: Promise<void>,
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
  let starting: Promise<void> | undefined
  if (startup) {
    let timer: NodeJS.Timeout | undefined
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, MAX_STARTUP_WAIT_MS).unref()
    })
    starting = Promise.race([startup.catch(() => {}), bound]).finally(() => {
      clearTimeout(timer)
      starting = undefined
    })
  }
  const hold: SnapshotHold['hold'] = () => {
    if (starting) return starting.then(hold)
    if (!replica.heldBack()) return replica.hold()
    if (waiters.size >= MAX_WAITERS) return Promise.resolve(undefined)
    return new Promise<void>((resolve) => {
      waiters.set(
        resolve,
        setTimeout(() => wake(resolve), MAX_WAIT_MS),
      )
    }).then(() => (replica.heldBack() ? undefined : replica.hold()))
  }
  return {
    waitsForChain,
    readsNoChain,
    starting: () => starting,
    hold,
    close() {
      unsubscribe()
      for (const resolve of [...waiters.keys()]) wake(resolve)
    },
  }
}
