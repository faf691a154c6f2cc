import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { abi as orderBookAbi } from '../../generated/OrderBook.ts'
import { abi as tokenAbi } from '../../generated/TestToken.ts'
import { expectDepthMatches, expectOrdersMatch, fillsOf, readBalances } from './orderBookAssertions.ts'
import { type PlaygroundTestChain, startPlaygroundChain } from './playgroundChainTestSupport.ts'
import { playgroundMarket } from './playgroundMarket.ts'
import { createReferenceOrderBook, type ReferenceOutcome } from './referenceOrderBook.ts'

const SEED = 0x5eed_0b00
const OPERATIONS = 200

/** mulberry32: a small seeded PRNG, so a failing sequence replays exactly. */
function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return { next, int, pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)] }
}

let chain: PlaygroundTestChain
beforeAll(async () => {
  chain = await startPlaygroundChain(5)
})
afterAll(() => chain?.close())

describe('OrderBook against the reference model', () => {
  it(`a seeded random sequence of ${OPERATIONS} orders (seed ${SEED.toString(16)}): same fills, same book, funds conserved`, async () => {
    const { publicClient: client, addresses, traders } = chain
    const book = await chain.deployOrderBook()
    const accounts: Address[] = [...traders.map((t) => t.address), book]
    const before = await readBalances(client, addresses, accounts)
    const supplies = () =>
      Promise.all(
        [addresses.baseToken, addresses.quoteToken].map((token) =>
          client.readContract({ address: token, abi: tokenAbi, functionName: 'totalSupply' }),
        ),
      )
    const suppliesBefore = await supplies()
    const model = createReferenceOrderBook({ ...playgroundMarket, maxFills: 32 })
    const random = createRandom(SEED)
    const mid = 1000
    const counts = { limit: 0, market: 0, cancel: 0, reverted: 0, fills: 0 }

    for (let step = 0; step < OPERATIONS; step++) {
      const trader = random.pick(traders)
      const roll = random.next()
      const isBuy = random.next() < 0.5
      let expected: ReferenceOutcome
      let call: Parameters<
        typeof trader.send<typeof orderBookAbi, 'placeLimit' | 'placeMarket' | 'cancel'>
      >[0]
      const open = model.openOrders()
      if (roll < 0.55 || open.length === 0) {
        // Buys a little below mid, sells a little above, overlapping so that some cross.
        const tick = isBuy ? random.int(mid - 15, mid + 8) : random.int(mid - 8, mid + 15)
        const size = BigInt(random.int(1, 40))
        expected = model.placeLimit(trader.address, isBuy, tick, size)
        call = { address: book, abi: orderBookAbi, functionName: 'placeLimit', args: [isBuy, tick, size] }
        counts.limit++
      } else if (roll < 0.75) {
        const worstTick = isBuy ? random.int(mid - 5, mid + 20) : random.int(mid - 20, mid + 5)
        const size = BigInt(random.int(1, 80))
        expected = model.placeMarket(trader.address, isBuy, size, worstTick)
        call = {
          address: book,
          abi: orderBookAbi,
          functionName: 'placeMarket',
          args: [isBuy, size, worstTick],
        }
        counts.market++
      } else {
        // Mostly the owner cancelling; sometimes someone else, or an order that is no longer open.
        const order = random.pick(open)
        const wrongCaller = random.next() < 0.1
        const caller = wrongCaller
          ? traders.find((t) => t.address !== order.owner)!
          : traders.find((t) => t.address === order.owner)!
        const id = random.next() < 0.05 ? BigInt(random.int(1, step + 1)) : order.id
        expected = model.cancel(caller.address, id)
        call = { address: book, abi: orderBookAbi, functionName: 'cancel', args: [id] }
        counts.cancel++
        const receipt = await caller.send(call)
        expect(receipt.status, `step ${step}, seed ${SEED}`).toBe(expected.ok ? 'success' : 'reverted')
        if (!expected.ok) counts.reverted++
        continue
      }
      if (!expected.ok) {
        // The revert carries the custom error the model names.
        await expect(
          client.simulateContract({ ...call, account: trader.address } as Parameters<
            typeof client.simulateContract
          >[0]),
          `step ${step}, seed ${SEED}`,
        ).rejects.toThrow(expected.error)
      }
      const receipt = await trader.send(call)
      expect(receipt.status, `step ${step}, seed ${SEED}`).toBe(expected.ok ? 'success' : 'reverted')
      if (!expected.ok) {
        counts.reverted++
        continue
      }
      const fills = fillsOf(receipt)
      expect(fills, `step ${step}, seed ${SEED}`).toEqual(expected.fills)
      counts.fills += fills.length
      if (step % 40 === 39) await expectDepthMatches(client, book, model)
    }

    await expectDepthMatches(client, book, model)
    await expectOrdersMatch(client, book, model)
    // Exact settlement: every account moved by exactly what the model says, and the book holds
    // exactly the escrow of its open orders; so nothing was created or lost.
    const after = await readBalances(client, addresses, accounts)
    for (const account of accounts) {
      const delta = account === book ? model.escrow : (model.ledger.get(account) ?? { base: 0n, quote: 0n })
      const start = before.get(account)!
      expect(after.get(account), `${account}, seed ${SEED}`).toEqual({
        base: start.base + delta.base,
        quote: start.quote + delta.quote,
      })
    }
    const sum = (balances: typeof before, key: 'base' | 'quote') =>
      [...balances.values()].reduce((total, b) => total + b[key], 0n)
    expect(sum(after, 'base')).toBe(sum(before, 'base'))
    expect(sum(after, 'quote')).toBe(sum(before, 'quote'))
    // The traders and the book hold every token there is, so their sum is the whole supply.
    expect(await supplies()).toEqual(suppliesBefore)
    expect([sum(after, 'base'), sum(after, 'quote')]).toEqual(suppliesBefore)
    // The sequence exercised every path.
    console.log(`seed ${SEED}: ${JSON.stringify(counts)}`)
    expect(counts.fills).toBeGreaterThan(50)
    expect(counts.market).toBeGreaterThan(10)
    expect(counts.cancel).toBeGreaterThan(10)
    expect(counts.reverted).toBeGreaterThan(0)
  }, 240_000) // hundreds of transactions: a bound for a loaded machine, not a performance claim
})
