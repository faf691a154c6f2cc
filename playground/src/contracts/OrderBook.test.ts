import { type Address, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { abi as orderBookAbi } from '../../generated/OrderBook.ts'
import { readBalances } from './orderBookAssertions.ts'
import { type PlaygroundTestChain, startPlaygroundChain, type Trader } from './playgroundChainTestSupport.ts'
import { baseAmount, quoteAmount } from './playgroundMarket.ts'

let chain: PlaygroundTestChain
let book: Address
let alice: Trader
let bob: Trader
let carol: Trader
let dave: Trader

beforeAll(async () => {
  chain = await startPlaygroundChain(4)
  ;[alice, bob, carol, dave] = chain.traders
})
afterAll(() => chain?.close())

const limit = (trader: Trader, isBuy: boolean, tick: number, size: bigint) =>
  trader.send({ address: book, abi: orderBookAbi, functionName: 'placeLimit', args: [isBuy, tick, size] })
const market = (trader: Trader, isBuy: boolean, size: bigint, worstTick: number) =>
  trader.send({
    address: book,
    abi: orderBookAbi,
    functionName: 'placeMarket',
    args: [isBuy, size, worstTick],
  })
const cancel = (trader: Trader, id: bigint) =>
  trader.send({ address: book, abi: orderBookAbi, functionName: 'cancel', args: [id] })
const order = (id: bigint) =>
  chain.publicClient.readContract({ address: book, abi: orderBookAbi, functionName: 'getOrder', args: [id] })
const depth = async (levels = 10n) => {
  const [bids, asks] = await chain.publicClient.readContract({
    address: book,
    abi: orderBookAbi,
    functionName: 'depth',
    args: [levels],
  })
  return { bids: [...bids], asks: [...asks] }
}
const simulate = (
  trader: Trader,
  functionName: 'placeLimit' | 'placeMarket' | 'cancel' | 'depth',
  args: unknown[],
) =>
  chain.publicClient.simulateContract({
    address: book,
    abi: orderBookAbi,
    functionName,
    args,
    account: trader.address,
  } as Parameters<typeof chain.publicClient.simulateContract>[0])
const fills = (receipt: Awaited<ReturnType<Trader['send']>>) =>
  parseEventLogs({ abi: orderBookAbi, logs: receipt.logs, eventName: 'Fill' }).map((log) => log.args)
const balancesOf = async (trader: Trader) =>
  (await readBalances(chain.publicClient, chain.addresses, [trader.address])).get(trader.address)!

const Status = { None: 0, Open: 1, Filled: 2, Cancelled: 3, Closed: 4 }

// Each test deploys its own book on the shared tokens, so order ids start at 1 in each.
describe('OrderBook', () => {
  it('matches by price, then time, across levels, trading at the makers’ prices', async () => {
    book = await chain.deployOrderBook()
    await limit(alice, false, 1010, 5n) // id 1
    await limit(bob, false, 1005, 5n) // id 2
    await limit(carol, false, 1005, 5n) // id 3: same price as 2, later
    await limit(alice, false, 1020, 5n) // id 4
    expect((await depth()).asks).toEqual([
      { tick: 1005, size: 10n, orders: 2 },
      { tick: 1010, size: 5n, orders: 1 },
      { tick: 1020, size: 5n, orders: 1 },
    ])

    const daveBefore = await balancesOf(dave)
    const receipt = await limit(dave, true, 1010, 12n) // id 5
    expect(receipt.status).toBe('success')
    expect(fills(receipt)).toEqual([
      expect.objectContaining({
        makerOrderId: 2n,
        maker: bob.address,
        takerOrderId: 5n,
        tick: 1005,
        size: 5n,
      }),
      expect.objectContaining({
        makerOrderId: 3n,
        maker: carol.address,
        takerOrderId: 5n,
        tick: 1005,
        size: 5n,
      }),
      expect.objectContaining({
        makerOrderId: 1n,
        maker: alice.address,
        tick: 1010,
        size: 2n,
        makerRemaining: 3n,
      }),
    ])
    const daveAfter = await balancesOf(dave)
    expect(daveAfter.base - daveBefore.base).toBe(baseAmount(12n))
    // Paid at the makers' prices, not at the limit of 1010 for all 12.
    expect(daveBefore.quote - daveAfter.quote).toBe(quoteAmount(1005, 10n) + quoteAmount(1010, 2n))
    expect((await order(5n)).status).toBe(Status.Filled)
    expect((await order(2n)).status).toBe(Status.Filled)
    expect(await order(1n)).toMatchObject({ status: Status.Open, remaining: 3n, size: 5n })
    expect((await depth()).asks).toEqual([
      { tick: 1010, size: 3n, orders: 1 },
      { tick: 1020, size: 5n, orders: 1 },
    ])
  })

  it('rests the unfilled part of a limit order with its escrow, refunding the price improvement', async () => {
    book = await chain.deployOrderBook()
    await limit(alice, false, 995, 4n) // id 1
    const bobBefore = await balancesOf(bob)
    const receipt = await limit(bob, true, 1000, 10n) // id 2: 4 fill at 995, 6 rest at 1000
    const placed = parseEventLogs({ abi: orderBookAbi, logs: receipt.logs, eventName: 'OrderPlaced' })
    expect(placed.map((l) => l.args)).toEqual([
      { orderId: 2n, owner: bob.address, isBuy: true, tick: 1000, size: 10n, isMarket: false },
    ])
    expect(fills(receipt)).toEqual([expect.objectContaining({ makerOrderId: 1n, tick: 995, size: 4n })])
    expect(await order(2n)).toMatchObject({
      status: Status.Open,
      remaining: 6n,
      tick: 1000,
      owner: bob.address,
    })
    const bobAfter = await balancesOf(bob)
    expect(bobBefore.quote - bobAfter.quote).toBe(quoteAmount(995, 4n) + quoteAmount(1000, 6n))
    const escrow = await readBalances(chain.publicClient, chain.addresses, [book])
    expect(escrow.get(book)).toEqual({ base: 0n, quote: quoteAmount(1000, 6n) })
    expect(await depth()).toEqual({ bids: [{ tick: 1000, size: 6n, orders: 1 }], asks: [] })
    expect(
      await chain.publicClient.readContract({ address: book, abi: orderBookAbi, functionName: 'bestBid' }),
    ).toBe(1000)
  })

  it('market orders take until filled or the worst tick, drop the rest, and refuse when nothing fills', async () => {
    book = await chain.deployOrderBook()
    await limit(alice, false, 1000, 5n)
    await limit(bob, false, 1010, 5n)
    await limit(carol, false, 1020, 5n)
    const receipt = await market(dave, true, 12n, 1010) // id 4
    expect(fills(receipt).map((f) => [f.tick, f.size])).toEqual([
      [1000, 5n],
      [1010, 5n],
    ])
    expect(await order(4n)).toMatchObject({ status: Status.Closed, size: 12n, remaining: 2n })
    expect((await depth()).asks).toEqual([{ tick: 1020, size: 5n, orders: 1 }])

    await expect(simulate(dave, 'placeMarket', [true, 1n, 1015])).rejects.toThrow('NoLiquidity')
    expect((await market(dave, true, 1n, 1015)).status).toBe('reverted')
    await expect(simulate(dave, 'placeMarket', [false, 1n, 1])).rejects.toThrow('NoLiquidity') // no bids at all

    const sell = await market(alice, false, 3n, 1)
    expect(sell.status).toBe('reverted') // still no bids
    await limit(bob, true, 990, 2n) // id 5
    await limit(carol, true, 995, 2n) // id 6
    const sold = await market(alice, false, 3n, 990) // id 7
    expect(fills(sold).map((f) => [f.makerOrderId, f.tick, f.size])).toEqual([
      [6n, 995, 2n],
      [5n, 990, 1n],
    ])
    expect((await order(7n)).status).toBe(Status.Filled)
  })

  it('cancel refunds the escrow of the remainder, and only the owner may cancel', async () => {
    book = await chain.deployOrderBook()
    const before = await balancesOf(alice)
    await limit(alice, true, 900, 10n) // id 1
    await limit(bob, false, 900, 4n) // fills 4 of it
    await expect(simulate(bob, 'cancel', [1n])).rejects.toThrow('NotOrderOwner')
    expect((await cancel(bob, 1n)).status).toBe('reverted')

    const receipt = await cancel(alice, 1n)
    expect(receipt.status).toBe('success')
    const cancelled = parseEventLogs({ abi: orderBookAbi, logs: receipt.logs, eventName: 'OrderCancelled' })
    expect(cancelled.map((l) => l.args)).toEqual([{ orderId: 1n, owner: alice.address, refundedSize: 6n }])
    const after = await balancesOf(alice)
    expect(after.base - before.base).toBe(baseAmount(4n))
    expect(before.quote - after.quote).toBe(quoteAmount(900, 4n)) // the 6 unfilled lots' escrow came back
    expect(await order(1n)).toMatchObject({ status: Status.Cancelled, remaining: 0n })
    expect(await depth()).toEqual({ bids: [], asks: [] })
    await expect(simulate(alice, 'cancel', [1n])).rejects.toThrow('OrderNotOpen')
    await expect(simulate(alice, 'cancel', [99n])).rejects.toThrow('OrderNotOpen')
    const escrow = await readBalances(chain.publicClient, chain.addresses, [book])
    expect(escrow.get(book)).toEqual({ base: 0n, quote: 0n })
  })

  it('cancelling from the middle of a level keeps the others in time order', async () => {
    book = await chain.deployOrderBook()
    await limit(alice, false, 1000, 1n) // id 1
    await limit(bob, false, 1000, 1n) // id 2
    await limit(carol, false, 1000, 1n) // id 3
    await cancel(bob, 2n)
    expect((await depth()).asks).toEqual([{ tick: 1000, size: 2n, orders: 2 }])
    const receipt = await market(dave, true, 2n, 1000)
    expect(fills(receipt).map((f) => f.makerOrderId)).toEqual([1n, 3n])
    expect(await depth()).toEqual({ bids: [], asks: [] })
  })

  it('bounds the fills per call: TooManyFills for a limit order, a partial fill for a market order', async () => {
    book = await chain.deployOrderBook()
    for (let i = 0; i < 33; i++) await limit(alice, false, 1000 + (i % 3), 1n)
    await expect(simulate(bob, 'placeLimit', [true, 1002, 33n])).rejects.toThrow('TooManyFills')
    expect((await limit(bob, true, 1002, 33n)).status).toBe('reverted')
    // A market order stops at the bound instead: 32 fills, the rest dropped, gas bounded.
    const receipt = await market(bob, true, 40n, 1002)
    expect(receipt.status).toBe('success')
    expect(fills(receipt)).toHaveLength(32)
    expect(receipt.gasUsed).toBeLessThan(1_500_000n) // ~0.9M measured: well inside a block
    expect((await depth()).asks).toEqual([{ tick: 1002, size: 1n, orders: 1 }])
  })

  it('rejects bad input with custom errors', async () => {
    book = await chain.deployOrderBook()
    await expect(simulate(alice, 'placeLimit', [true, 0, 1n])).rejects.toThrow('InvalidTick')
    await expect(simulate(alice, 'placeLimit', [true, 10, 0n])).rejects.toThrow('InvalidSize')
    await expect(simulate(alice, 'placeMarket', [true, 1n, 0])).rejects.toThrow('InvalidTick')
    await expect(simulate(alice, 'depth', [65n])).rejects.toThrow('DepthTooLarge')
  })

  it('reports depth best first on both sides, across bitmap words, up to the asked number of levels', async () => {
    book = await chain.deployOrderBook()
    const bidTicks = [1, 255, 256, 257, 40_000]
    const askTicks = [40_001, 65_535, 50_000, 40_256]
    for (const tick of bidTicks) await limit(alice, true, tick, 1n)
    for (const tick of askTicks) await limit(bob, false, tick, 2n)
    const all = await depth(64n)
    expect(all.bids.map((l) => l.tick)).toEqual([40_000, 257, 256, 255, 1])
    expect(all.asks.map((l) => l.tick)).toEqual([40_001, 40_256, 50_000, 65_535])
    const top = await depth(2n)
    expect(top).toEqual({
      bids: [
        { tick: 40_000, size: 1n, orders: 1 },
        { tick: 257, size: 1n, orders: 1 },
      ],
      asks: [
        { tick: 40_001, size: 2n, orders: 1 },
        { tick: 40_256, size: 2n, orders: 1 },
      ],
    })
    // A market sell sweeps bids across words, best first.
    const receipt = await market(carol, false, 5n, 1)
    expect(fills(receipt).map((f) => f.tick)).toEqual([40_000, 257, 256, 255, 1])
  })
})
