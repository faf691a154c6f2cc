import { orderBookAbi } from '../contracts/index.ts'
import { decodeLog } from '../rpc/subscribeLogs.ts'
import type { OrderActions } from './createOrderActions.ts'

export type MarketMakerSettings = {
  /** Mid price in ticks; it drifts by a tick now and then so the tape has something to show. */
  midTick: number
  /** Ticks between the mid and the nearest quote. */
  halfSpread: number
  /** Quotes spread over this many ticks on each side. */
  levels: number
  /** Lots per quote. */
  size: bigint
  /** Quotes per second (each quote is one transaction). */
  rate: number
  /** Every failed send (the page yields the bot when its account is used elsewhere). */
  onError?: (error: unknown) => void
}

export type MarketMakerStats = {
  quotes: number
  cancels: number
  errors: number
  open: number
  lastError?: string
}

export type MarketMaker = { stop(): void; stats(): MarketMakerStats }

// Fixed gas, so a quote is one round trip (no estimate); enough for a quote crossing MAX_FILLS orders.
const QUOTE_GAS = 3_000_000n
const CANCEL_GAS = 200_000n
/** Sends in flight at once; past it a tick is skipped rather than queued. */
const MAX_IN_FLIGHT = 16

/**
 * A market-maker loop running in the page with its own dev account: at `rate` per second it
 * places a bid or an ask around the mid (alternating), and once it holds more than two
 * quotes per level it cancels its oldest. Orders the market filled just fail to cancel.
 */
export function createMarketMaker(actions: OrderActions, settings: MarketMakerSettings): MarketMaker {
  const stats: MarketMakerStats = { quotes: 0, cancels: 0, errors: 0, open: 0 }
  const open: bigint[] = []
  let mid = settings.midTick
  let inFlight = 0
  let side = false
  let stopped = false

  const fail = (error: unknown) => {
    settings.onError?.(error)
    stats.errors++
    stats.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error)
  }

  function quote(): void {
    if (stopped || inFlight >= MAX_IN_FLIGHT) return
    side = !side
    if (Math.random() < 0.1) mid += Math.random() < 0.5 ? -1 : 1
    const offset = settings.halfSpread + Math.floor(Math.random() * settings.levels)
    const tick = Math.min(65_535, Math.max(1, side ? mid - offset : mid + offset))
    inFlight++
    actions
      .placeLimit(side, tick, settings.size, QUOTE_GAS)
      .then((sent) => {
        stats.quotes++
        for (const log of sent.receipt.logs) {
          const event = decodeLog(orderBookAbi, log)
          if (event?.eventName === 'OrderPlaced') open.push(event.args.orderId as bigint)
        }
      }, fail)
      .finally(() => inFlight--)
    if (open.length > settings.levels * 4) {
      const oldest = open.shift()!
      inFlight++
      actions
        .cancel(oldest, CANCEL_GAS)
        .then(
          () => stats.cancels++,
          () => {},
        )
        .finally(() => inFlight--)
    }
    stats.open = open.length
  }

  const timer = setInterval(quote, Math.max(1, 1_000 / settings.rate))
  void actions.ensureApproved().catch(fail)
  return {
    stop() {
      stopped = true
      clearInterval(timer)
    },
    stats: () => ({ ...stats, open: open.length }),
  }
}
