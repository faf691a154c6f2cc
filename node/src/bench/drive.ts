import type { Sequencer } from '../sequencer/index.ts'

const SETTLE_LIMIT_MS = 10_000

/** Outcome of feeding a sequencer. */
export type DriveResult = { included: number; failed: number; seconds: number; latenciesMs: number[] }

/**
 * Closed loop: keeps up to `window` transactions in flight until `raws` run
 * out or `seconds` pass, and counts inclusions. Measures sustained throughput.
 */
export function driveSaturated(
  sequencer: Sequencer,
  raws: readonly Uint8Array[],
  seconds: number,
  window = 4096,
) {
  return new Promise<DriveResult>((resolve) => {
    let next = 0
    let inflight = 0
    let included = 0
    let failed = 0
    const started = performance.now()
    const deadline = started + seconds * 1000
    // A refused transaction leaves its sender's later nonces waiting forever: stop waiting for them.
    const limit = setTimeout(() => finish(), seconds * 1000 + SETTLE_LIMIT_MS)
    const finish = () => {
      clearTimeout(limit)
      resolve({ included, failed, seconds: (performance.now() - started) / 1000, latenciesMs: [] })
    }
    const settle = (ok: boolean) => {
      inflight--
      if (ok) included++
      else failed++
      if (performance.now() >= deadline || next >= raws.length) {
        if (inflight === 0) finish()
        return
      }
      refill()
    }
    const refill = () => {
      while (inflight < window && next < raws.length && performance.now() < deadline) {
        inflight++
        sequencer.submit(raws[next++]).then(
          () => settle(true),
          () => settle(false),
        )
      }
      if (inflight === 0) finish()
    }
    refill()
  })
}

/**
 * Open loop: submits at `ratePerSecond` on a fixed schedule for `seconds`
 * (checked every timer tick, ~1 ms, rather than spinning, which would load the
 * very thread it measures),
 * recording each transaction's arrival → sealed-mini-block latency.
 */
export function driveAtRate(
  sequencer: Sequencer,
  raws: readonly Uint8Array[],
  ratePerSecond: number,
  seconds: number,
) {
  return new Promise<DriveResult>((resolve) => {
    const total = Math.min(raws.length, Math.floor(ratePerSecond * seconds))
    const latenciesMs: number[] = []
    let sent = 0
    let settled = 0
    const started = performance.now()
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ratePerSecond))
      while (sent < due) {
        const arrived = performance.now()
        sequencer.submit(raws[sent++]).then(
          () => {
            latenciesMs.push(performance.now() - arrived)
            if (++settled === total) done()
          },
          () => {
            if (++settled === total) done()
          },
        )
      }
      if (sent < total) setTimeout(tick, 0)
      else setTimeout(done, SETTLE_LIMIT_MS).unref()
    }
    // Past an unsustainable rate the mempool refuses some transactions, and the
    // same senders' later nonces then wait forever: those count as failed.
    let finished = false
    const done = () => {
      if (finished) return
      finished = true
      resolve({
        included: latenciesMs.length,
        failed: total - latenciesMs.length,
        seconds: (performance.now() - started) / 1000,
        latenciesMs,
      })
    }
    tick()
  })
}
