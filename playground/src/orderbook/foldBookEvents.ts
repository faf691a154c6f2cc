import type { DecodedLog } from '../rpc/subscribeLogs.ts'

export type Level = { tick: number; size: bigint; orders: number }
export type Depth = { bids: Level[]; asks: Level[] }
/** What the page knows of an order from its events: enough to take a cancel off the ladder. */
export type TrackedOrder = { tick: number; isBuy: boolean; remaining: bigint; rested: boolean }

/** Orders remembered for cancels; past it the oldest are forgotten (the next re-read corrects the ladder). */
const MAX_TRACKED = 10_000

/**
 * Applies one mini-block's OrderBook events to the ladder, so the page shows a change the
 * moment its events arrive rather than after re-reading `depth()`. Same rules as the
 * contract: a limit order's remainder rests after its fills; a fill takes from the maker's
 * level (the side opposite the taker) at the maker's tick; a cancel removes the refunded
 * size. A cancel of an order placed before the page loaded is not known here: the re-read
 * that follows every batch settles it.
 */
export function foldBookEvents(
  depth: Depth,
  events: readonly DecodedLog[],
  orders: Map<bigint, TrackedOrder>,
  maxLevels: number,
): Depth {
  const bids = new Map(depth.bids.map((l) => [l.tick, { ...l }]))
  const asks = new Map(depth.asks.map((l) => [l.tick, { ...l }]))
  const placed: bigint[] = []
  const take = (side: Map<number, Level>, tick: number, size: bigint, leaves: boolean) => {
    const level = side.get(tick)
    if (!level) return
    level.size -= size
    if (leaves) level.orders -= 1
    if (level.size <= 0n || level.orders <= 0) side.delete(tick)
  }

  for (const { eventName, args } of events) {
    if (eventName === 'OrderPlaced') {
      if (args.isMarket) continue
      const id = args.orderId as bigint
      orders.set(id, {
        tick: Number(args.tick),
        isBuy: Boolean(args.isBuy),
        remaining: args.size as bigint,
        rested: false,
      })
      placed.push(id)
      if (orders.size > MAX_TRACKED) orders.delete(orders.keys().next().value!)
    } else if (eventName === 'Fill') {
      const size = args.size as bigint
      const makerRemaining = args.makerRemaining as bigint
      const maker = orders.get(args.makerOrderId as bigint)
      // A maker placed in this same batch is not on the ladder yet: it rests below with what is left.
      if (!maker || maker.rested)
        take(args.takerIsBuy ? asks : bids, Number(args.tick), size, makerRemaining === 0n)
      if (maker) maker.remaining = makerRemaining
      const taker = orders.get(BigInt(args.takerOrderId as bigint))
      if (taker && !taker.rested) taker.remaining -= size
    } else if (eventName === 'OrderCancelled') {
      const order = orders.get(args.orderId as bigint)
      if (!order) continue
      if (order.rested) take(order.isBuy ? bids : asks, order.tick, args.refundedSize as bigint, true)
      order.remaining = 0n
    }
  }
  // Remainders rest once their own fills are done (the contract books after matching).
  for (const id of placed) {
    const order = orders.get(id)
    if (!order || order.remaining <= 0n) continue
    order.rested = true
    const side = order.isBuy ? bids : asks
    const level = side.get(order.tick) ?? { tick: order.tick, size: 0n, orders: 0 }
    level.size += order.remaining
    level.orders += 1
    side.set(order.tick, level)
  }
  return {
    bids: [...bids.values()].sort((a, b) => b.tick - a.tick).slice(0, maxLevels),
    asks: [...asks.values()].sort((a, b) => a.tick - b.tick).slice(0, maxLevels),
  }
}
