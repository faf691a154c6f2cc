import type { Sequencer } from '@rtevm/node'
import type { DriveRun, TransferPool } from './transferPool.ts'

/** Most transfers in flight: a sequencer that cannot keep the pace falls behind it rather than queueing without end. */
const MAX_IN_FLIGHT = 256
const TICK_MS = 1

/**
 * Submits transfers from `pool` at `txPerSecond`, each 1 ms tick sending what
 * the pace owes so far, as independent clients arriving over time would: the
 * sequencer seals when its queue drains, so mini-blocks stay small and many,
 * the hard case for fan-out. `stop` resolves once the last one settled.
 */
export function drivePaced(
  sequencer: Sequencer,
  pool: TransferPool,
  txPerSecond: number,
): { stop(): Promise<DriveRun> } {
  let inflight = 0
  let sent = 0
  let included = 0
  let failed = 0
  let settledAll: (() => void) | undefined
  const started = performance.now()
  let ended = started
  const settle = (ok: boolean) => {
    inflight--
    if (ok) included++
    else failed++
    if (inflight === 0) {
      ended = performance.now()
      settledAll?.()
    }
  }
  const timer = setInterval(() => {
    const owed = Math.floor(((performance.now() - started) / 1000) * txPerSecond) - sent
    for (let i = 0; i < owed && inflight < MAX_IN_FLIGHT && pool.next < pool.raws.length; i++) {
      sent++
      inflight++
      sequencer.submit(pool.raws[pool.next++]).then(
        () => settle(true),
        () => settle(false),
      )
    }
  }, TICK_MS)
  return {
    async stop() {
      clearInterval(timer)
      if (inflight > 0) await new Promise<void>((resolve) => (settledAll = resolve))
      else ended = performance.now()
      return { included, failed, exhausted: pool.next >= pool.raws.length, seconds: (ended - started) / 1000 }
    },
  }
}
