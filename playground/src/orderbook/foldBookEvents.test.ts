import { describe, expect, it } from 'vitest'
import type { DecodedLog } from '../rpc/subscribeLogs.ts'
import { type Depth, foldBookEvents, type TrackedOrder } from './foldBookEvents.ts'

const event = (eventName: string, args: Record<string, unknown>) =>
  ({ eventName, args }) as unknown as DecodedLog
const placed = (orderId: bigint, isBuy: boolean, tick: number, size: bigint, isMarket = false) =>
  event('OrderPlaced', { orderId, isBuy, tick, size, isMarket })
const fill = (
  makerOrderId: bigint,
  takerOrderId: bigint,
  takerIsBuy: boolean,
  tick: number,
  size: bigint,
  makerRemaining: bigint,
) => event('Fill', { makerOrderId, takerOrderId, takerIsBuy, tick, size, makerRemaining })
const cancelled = (orderId: bigint, refundedSize: bigint) =>
  event('OrderCancelled', { orderId, refundedSize })
const empty: Depth = { bids: [], asks: [] }

describe('foldBookEvents', () => {
  it('rests limit orders on their side, best first, and ignores market orders', () => {
    const orders = new Map<bigint, TrackedOrder>()
    const depth = foldBookEvents(
      empty,
      [
        placed(1n, true, 2_500, 10n),
        placed(2n, true, 2_510, 5n),
        placed(3n, false, 2_600, 7n),
        placed(4n, true, 9, 1n, true),
      ],
      orders,
      20,
    )
    expect(depth.bids).toEqual([
      { tick: 2_510, size: 5n, orders: 1 },
      { tick: 2_500, size: 10n, orders: 1 },
    ])
    expect(depth.asks).toEqual([{ tick: 2_600, size: 7n, orders: 1 }])
  })

  it('a crossing limit order takes from the maker level and rests only its remainder', () => {
    const orders = new Map<bigint, TrackedOrder>()
    const before = foldBookEvents(empty, [placed(1n, false, 2_600, 4n)], orders, 20)
    const after = foldBookEvents(
      before,
      [placed(2n, true, 2_700, 10n), fill(1n, 2n, true, 2_600, 4n, 0n)],
      orders,
      20,
    )
    expect(after.asks).toEqual([])
    expect(after.bids).toEqual([{ tick: 2_700, size: 6n, orders: 1 }])
  })

  it('a partial fill keeps the maker level with what is left', () => {
    const orders = new Map<bigint, TrackedOrder>()
    const before = foldBookEvents(empty, [placed(1n, true, 2_500, 10n)], orders, 20)
    const after = foldBookEvents(
      before,
      [placed(2n, false, 1, 3n, true), fill(1n, 2n, false, 2_500, 3n, 7n)],
      orders,
      20,
    )
    expect(after.bids).toEqual([{ tick: 2_500, size: 7n, orders: 1 }])
  })

  it('a maker placed and filled in the same batch rests with its remainder only', () => {
    const orders = new Map<bigint, TrackedOrder>()
    const depth = foldBookEvents(
      empty,
      [placed(1n, false, 2_600, 5n), placed(2n, true, 2_600, 2n), fill(1n, 2n, true, 2_600, 2n, 3n)],
      orders,
      20,
    )
    expect(depth.asks).toEqual([{ tick: 2_600, size: 3n, orders: 1 }])
    expect(depth.bids).toEqual([])
  })

  it('a cancel removes the refunded size; an unknown order is left for the re-read', () => {
    const orders = new Map<bigint, TrackedOrder>()
    const before = foldBookEvents(
      empty,
      [placed(1n, true, 2_500, 10n), placed(2n, true, 2_500, 4n)],
      orders,
      20,
    )
    const after = foldBookEvents(before, [cancelled(1n, 10n), cancelled(99n, 5n)], orders, 20)
    expect(after.bids).toEqual([{ tick: 2_500, size: 4n, orders: 1 }])
  })

  it('keeps at most maxLevels per side', () => {
    const events = Array.from({ length: 30 }, (_, i) => placed(BigInt(i + 1), true, 1_000 + i, 1n))
    const depth = foldBookEvents(empty, events, new Map(), 20)
    expect(depth.bids).toHaveLength(20)
    expect(depth.bids[0].tick).toBe(1_029)
  })
})
