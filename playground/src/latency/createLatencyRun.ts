import type { Hex } from 'viem'
import { messageOf } from '../errors.ts'
import type { EdgeSocket } from '../rpc/createEdgeSocket.ts'
import type { Signer, TxRequest } from '../wallet/Signer.ts'
import { BUCKETS, bucketOf } from './drawHistogram.ts'

export type LatencyRunState = {
  sent: number
  receipts: number
  onScreen: number
  failed: number
  lastError?: string
  receiptMs: number[]
  onScreenMs: number[]
  receiptCounts: number[]
  onScreenCounts: number[]
  done: boolean
}

export type LatencyRun = {
  state: LatencyRunState
  /** Call once per animation frame, before drawing: transactions the feed delivered count as on screen now. */
  frame(now: number): void
  stop(): void
}

const MAX_IN_FLIGHT = 256
const FEED_GRACE_MS = 5_000

/**
 * Fires `count` transactions at `rate` per second and times each twice: send → receipt
 * (the sync send's answer) and send → on screen (the first animation frame after the
 * `miniBlocks` feed delivered its hash, i.e. when a UI following the feed would show it).
 */
export function createLatencyRun({
  socket,
  signer,
  build,
  count,
  rate,
}: {
  socket: EdgeSocket
  signer: Signer
  build: (i: number) => TxRequest
  count: number
  rate: number
}): LatencyRun {
  const state: LatencyRunState = {
    sent: 0,
    receipts: 0,
    onScreen: 0,
    failed: 0,
    receiptMs: [],
    onScreenMs: [],
    receiptCounts: new Array(BUCKETS).fill(0),
    onScreenCounts: new Array(BUCKETS).fill(0),
    done: false,
  }
  // Hashes sent and not yet seen in the feed, with their send time; then seen, waiting for a frame.
  const sentAt = new Map<Hex, number>()
  const arrived: number[] = []
  let inFlight = 0
  let stopped = false
  const startedAt = performance.now()
  const interval = 1_000 / rate

  const unsubscribe = socket.subscribe(['miniBlocks', { detail: 'hashes' }], (result) => {
    for (const hash of (result as { transactions?: Hex[] }).transactions ?? []) {
      const at = sentAt.get(hash)
      if (at === undefined) continue
      sentAt.delete(hash)
      arrived.push(at)
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

  function fire(i: number): void {
    state.sent++
    inFlight++
    let hash: Hex | undefined
    signer
      .send(build(i), {
        onSigned: (signed, at) => {
          hash = signed
          sentAt.set(signed, at)
        },
      })
      .then(
        (tx) => {
          state.receipts++
          state.receiptMs.push(tx.receivedAt - tx.sentAt)
          state.receiptCounts[bucketOf(tx.receivedAt - tx.sentAt)]++
        },
        (error) => {
          // Rejected before inclusion: the feed will never carry it.
          if (hash) sentAt.delete(hash)
          state.failed++
          state.lastError = messageOf(error)
        },
      )
      .finally(() => {
        inFlight--
        finishIfDone()
      })
  }

  // A scheduler that catches up after a late timer, so the rate holds on average.
  const tick = () => {
    if (stopped) return
    const due = Math.min(count, Math.floor((performance.now() - startedAt) / interval) + 1)
    while (state.sent < due && inFlight < MAX_IN_FLIGHT) fire(state.sent)
    if (state.sent < count)
      setTimeout(tick, Math.max(0, startedAt + state.sent * interval - performance.now()))
  }
  tick()

  return {
    state,
    frame(now) {
      for (const at of arrived.splice(0)) {
        state.onScreen++
        state.onScreenMs.push(now - at)
        state.onScreenCounts[bucketOf(now - at)]++
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
