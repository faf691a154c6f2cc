// Test support: the order book's rules in plain TypeScript (lists sorted on every call, no gas
// concerns), to predict what OrderBook.sol must do for any sequence of calls.
import type { Address } from 'viem'

export type ReferenceOrder = {
  id: bigint
  owner: Address
  isBuy: boolean
  tick: number
  size: bigint
  remaining: bigint
  status: 'open' | 'filled' | 'cancelled' | 'closed'
}

export type ReferenceFill = {
  makerOrderId: bigint
  maker: Address
  taker: Address
  takerOrderId: bigint
  takerIsBuy: boolean
  tick: number
  size: bigint
  quoteAmount: bigint
  makerRemaining: bigint
}

export type ReferenceOutcome =
  | { ok: true; orderId?: bigint; fills: ReferenceFill[] }
  | { ok: false; error: 'TooManyFills' | 'NoLiquidity' | 'NotOrderOwner' | 'OrderNotOpen' }

export type Ledger = Map<Address, { base: bigint; quote: bigint }>

export type ReferenceOrderBook = ReturnType<typeof createReferenceOrderBook>

export function createReferenceOrderBook(market: {
  baseLot: bigint
  quotePerTick: bigint
  maxFills: number
}) {
  const orders = new Map<bigint, ReferenceOrder>()
  let nextOrderId = 1n
  /** Token balance changes since the start, per account, and the book's escrow. */
  const ledger: Ledger = new Map()
  const escrow = { base: 0n, quote: 0n }
  const credit = (account: Address, base: bigint, quote: bigint) => {
    const entry = ledger.get(account) ?? { base: 0n, quote: 0n }
    entry.base += base
    entry.quote += quote
    ledger.set(account, entry)
  }
  const quoteFor = (tick: number, size: bigint) => BigInt(tick) * size * market.quotePerTick

  /** Resting orders the taker can hit, best first: price, then time (ids grow with time). */
  function makersFor(isBuy: boolean, limitTick: number): ReferenceOrder[] {
    return [...orders.values()]
      .filter(
        (o) =>
          o.status === 'open' && o.isBuy !== isBuy && (isBuy ? o.tick <= limitTick : o.tick >= limitTick),
      )
      .sort((a, b) => (a.tick !== b.tick ? (isBuy ? a.tick - b.tick : b.tick - a.tick) : Number(a.id - b.id)))
  }

  /** Plans the fills without changing anything, since a reverting call changes nothing. */
  function plan(taker: Address, takerId: bigint, isBuy: boolean, limitTick: number, size: bigint) {
    const fills: ReferenceFill[] = []
    let left = size
    let capped = false
    for (const maker of makersFor(isBuy, limitTick)) {
      if (left === 0n) break
      if (fills.length === market.maxFills) {
        capped = true
        break
      }
      const take = left < maker.remaining ? left : maker.remaining
      left -= take
      fills.push({
        makerOrderId: maker.id,
        maker: maker.owner,
        taker,
        takerOrderId: takerId,
        takerIsBuy: isBuy,
        tick: maker.tick,
        size: take,
        quoteAmount: quoteFor(maker.tick, take),
        makerRemaining: maker.remaining - take,
      })
    }
    return { fills, left, capped }
  }

  function settle(fills: ReferenceFill[]) {
    for (const fill of fills) {
      const maker = orders.get(fill.makerOrderId)!
      maker.remaining = fill.makerRemaining
      if (maker.remaining === 0n) maker.status = 'filled'
      const base = fill.size * market.baseLot
      // The maker's escrow goes to the taker; the taker pays the maker.
      if (fill.takerIsBuy) {
        escrow.base -= base
        credit(fill.taker, base, -fill.quoteAmount)
        credit(fill.maker, 0n, fill.quoteAmount)
      } else {
        escrow.quote -= fill.quoteAmount
        credit(fill.taker, -base, fill.quoteAmount)
        credit(fill.maker, base, 0n)
      }
    }
  }

  return {
    orders,
    ledger,
    escrow,
    placeLimit(owner: Address, isBuy: boolean, tick: number, size: bigint): ReferenceOutcome {
      const id = nextOrderId
      const { fills, left, capped } = plan(owner, id, isBuy, tick, size)
      if (capped && left > 0n) return { ok: false, error: 'TooManyFills' }
      nextOrderId++
      settle(fills)
      orders.set(id, {
        id,
        owner,
        isBuy,
        tick,
        size,
        remaining: left,
        status: left === 0n ? 'filled' : 'open',
      })
      if (left > 0n) {
        const base = isBuy ? 0n : left * market.baseLot
        const quote = isBuy ? quoteFor(tick, left) : 0n
        escrow.base += base
        escrow.quote += quote
        credit(owner, -base, -quote)
      }
      return { ok: true, orderId: id, fills }
    },
    placeMarket(owner: Address, isBuy: boolean, size: bigint, worstTick: number): ReferenceOutcome {
      const id = nextOrderId
      const { fills, left } = plan(owner, id, isBuy, worstTick, size)
      if (fills.length === 0) return { ok: false, error: 'NoLiquidity' }
      nextOrderId++
      settle(fills)
      const status = left === 0n ? 'filled' : 'closed'
      orders.set(id, { id, owner, isBuy, tick: worstTick, size, remaining: left, status })
      return { ok: true, orderId: id, fills }
    },
    cancel(caller: Address, id: bigint): ReferenceOutcome {
      const order = orders.get(id)
      if (order?.status !== 'open') return { ok: false, error: 'OrderNotOpen' }
      if (order.owner !== caller) return { ok: false, error: 'NotOrderOwner' }
      const base = order.isBuy ? 0n : order.remaining * market.baseLot
      const quote = order.isBuy ? quoteFor(order.tick, order.remaining) : 0n
      escrow.base -= base
      escrow.quote -= quote
      credit(order.owner, base, quote)
      order.status = 'cancelled'
      order.remaining = 0n
      return { ok: true, fills: [] }
    },
    /** Open orders, for picking one to cancel. */
    openOrders(): ReferenceOrder[] {
      return [...orders.values()].filter((o) => o.status === 'open')
    },
    /** Price levels per side, best first: [tick, total size, order count]. */
    depth(levels: number) {
      const side = (isBuy: boolean) => {
        const byTick = new Map<number, { size: bigint; orders: number }>()
        for (const o of orders.values()) {
          if (o.status !== 'open' || o.isBuy !== isBuy) continue
          const level = byTick.get(o.tick) ?? { size: 0n, orders: 0 }
          level.size += o.remaining
          level.orders++
          byTick.set(o.tick, level)
        }
        return [...byTick.entries()]
          .sort(([a], [b]) => (isBuy ? b - a : a - b))
          .slice(0, levels)
          .map(([tick, level]) => ({ tick, ...level }))
      }
      return { bids: side(true), asks: side(false) }
    },
  }
}
