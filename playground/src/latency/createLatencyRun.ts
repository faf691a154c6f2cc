import type { RealtimeSocket } from '@rtevm/client'
import type { Hex } from 'viem'
import { messageOf } from '../errors.ts'
import type { SendHooks, SentTx } from '../wallet/Signer.ts'
import { BUCKETS, bucketOf, quantile } from './drawHistogram.ts'

/**
 * A run's figures, in plain arrays mutated in place: nothing here renders. The page reads
 * them at most once per animation frame (histogram) and a few times a second (summary).
 */
export type LatencyRunState = {
  /** The rate asked for, tx/s. */
  offeredRate: number
  sent: number
  receipts: number
  onScreen: number
  failed: number
  lastError?: string
  receiptMs: number[]
  onScreenMs: number[]
  /** The on-screen time in two hops: send → the feed delivered the hash, then → the frame that drew it. */
  feedMs: number[]
  renderMs: number[]
  /** Signing, per transaction, before the clock started (dev wallet); undefined when each send signs. */
  signMs?: number
  /** When each `onScreenMs` sample was sent, ms after the run started (for the first / last 5 s). */
  onScreenSentAt: number[]
  receiptCounts: number[]
  onScreenCounts: number[]
  /** Bumped on every new sample: the histogram is redrawn only when it changed. */
  version: number
  startedAt: number
  lastSentAt: number
  lastReceiptAt: number
  done: boolean
}

export type LatencyRun = {
  state: LatencyRunState
  /** Call once per animation frame, before drawing: transactions the feed delivered count as on screen now. */
  frame(now: number): void
  stop(): void
}

/**
 * The edge admits a transaction at most 64 nonces ahead of its account's ("more than 64
 * ahead"), so one account never has more in flight. When the chain falls behind the offered
 * rate, sends wait here and the achieved rate shows it.
 */
const MAX_IN_FLIGHT = 64
const FEED_GRACE_MS = 5_000

/**
 * Fires `count` transactions at `rate` per second (offered) and times each twice: send →
 * receipt (the sync send's answer) and send → on screen (the first animation frame after
 * the `miniBlocks` feed delivered its hash, i.e. when a UI following the feed would show it).
 * `send(i)` should do no signing work (the page pre-signs the run), so the main thread is
 * free for the socket and the frames while the clock runs.
 */
export function createLatencyRun({
  socket,
  send,
  count,
  rate,
}: {
  socket: RealtimeSocket
  send: (i: number, hooks: SendHooks) => Promise<SentTx>
  count: number
  rate: number
}): LatencyRun {
  const startedAt = performance.now()
  const state: LatencyRunState = {
    offeredRate: rate,
    sent: 0,
    receipts: 0,
    onScreen: 0,
    failed: 0,
    receiptMs: [],
    onScreenMs: [],
    feedMs: [],
    renderMs: [],
    onScreenSentAt: [],
    receiptCounts: new Array(BUCKETS).fill(0),
    onScreenCounts: new Array(BUCKETS).fill(0),
    version: 0,
    startedAt,
    lastSentAt: startedAt,
    lastReceiptAt: startedAt,
    done: false,
  }
  // Hashes sent and not yet seen in the feed, with their send time; then seen (send and
  // arrival times, flat), waiting for a frame.
  const sentAt = new Map<Hex, number>()
  const arrived: number[] = []
  let inFlight = 0
  let stopped = false
  const interval = 1_000 / rate

  const unsubscribe = socket.subscribe(['miniBlocks', { detail: 'hashes' }], (result) => {
    const now = performance.now()
    for (const hash of (result as { transactions?: Hex[] }).transactions ?? []) {
      const at = sentAt.get(hash)
      if (at === undefined) continue
      sentAt.delete(hash)
      arrived.push(at, now)
    }
  })

  let settledAt: number | undefined
  const finishIfDone = () => {
    if (state.receipts + state.failed < count || arrived.length > 0) return
    settledAt ??= performance.now()
    // Every receipt is in; the feed gets a grace period for the last hashes, then the run ends.
    if (sentAt.size === 0 || performance.now() - settledAt > FEED_GRACE_MS) {
      state.done = true
      unsubscribe()
    }
  }

  const hooks = (at: { hash?: Hex }): SendHooks => ({
    onSigned: (hash, when) => {
      at.hash = hash
      sentAt.set(hash, when)
      state.lastSentAt = when
    },
  })
  function fire(i: number): void {
    state.sent++
    inFlight++
    const mine: { hash?: Hex } = {}
    send(i, hooks(mine))
      .then(
        (tx) => {
          const ms = tx.receivedAt - tx.sentAt
          state.receipts++
          state.receiptMs.push(ms)
          state.receiptCounts[bucketOf(ms)]++
          state.lastReceiptAt = tx.receivedAt
          state.version++
        },
        (error) => {
          // Rejected before inclusion: the feed will never carry it.
          if (mine.hash) sentAt.delete(mine.hash)
          state.failed++
          state.lastError = messageOf(error)
        },
      )
      .finally(() => {
        inFlight--
        if (blocked) {
          blocked = false
          tick()
        }
        finishIfDone()
      })
  }

  // A scheduler that catches up after a late timer, so the offered rate holds on average; at
  // the in-flight cap it waits for an answer instead of a timer.
  let blocked = false
  const tick = () => {
    if (stopped) return
    const due = Math.min(count, Math.floor((performance.now() - startedAt) / interval) + 1)
    while (state.sent < due && inFlight < MAX_IN_FLIGHT) fire(state.sent)
    if (state.sent >= count) return
    if (state.sent < due) blocked = true
    else setTimeout(tick, Math.max(0, startedAt + state.sent * interval - performance.now()))
  }
  tick()

  return {
    state,
    frame(now) {
      if (arrived.length > 0) {
        for (let i = 0; i < arrived.length; i += 2) {
          const at = arrived[i]
          state.onScreen++
          state.onScreenMs.push(now - at)
          state.feedMs.push(arrived[i + 1] - at)
          state.renderMs.push(now - arrived[i + 1])
          state.onScreenSentAt.push(at - startedAt)
          state.onScreenCounts[bucketOf(now - at)]++
        }
        arrived.length = 0
        state.version++
      }
      if (!state.done) finishIfDone()
    },
    stop() {
      stopped = true
      state.done = true
      unsubscribe()
    },
  }
}

/** Receipts per second actually achieved: receipts over the time from the start to the last one. */
export function achievedRate(state: LatencyRunState): number | undefined {
  const seconds = (state.lastReceiptAt - state.startedAt) / 1_000
  return state.receipts > 1 && seconds > 0 ? state.receipts / seconds : undefined
}

/**
 * The on-screen p99 of what was sent in the first and in the last `windowMs` of a run long
 * enough to hold both (a run that slows down as it goes shows it here).
 */
export function windowP99(
  state: LatencyRunState,
  windowMs = 5_000,
): { first: number; last: number } | undefined {
  const span = state.lastSentAt - state.startedAt
  if (span < 2 * windowMs) return undefined
  const first: number[] = []
  const last: number[] = []
  state.onScreenSentAt.forEach((at, i) => {
    if (at < windowMs) first.push(state.onScreenMs[i])
    else if (at > span - windowMs) last.push(state.onScreenMs[i])
  })
  const a = quantile(first, 0.99)
  const b = quantile(last, 0.99)
  return a === undefined || b === undefined ? undefined : { first: a, last: b }
}
