import { PGlite } from '@electric-sql/pglite'
import fc from 'fast-check'
import { bytesToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCHEMA_SQL } from '../database/schema.ts'
import type { IndexedTokenTransfer } from '../follower/CommittedBatch.ts'
import { writeTokenTransfers } from './writeTokenTransfers.ts'

const address = (n: number) => {
  const bytes = new Uint8Array(20)
  bytes[19] = n
  return bytes
}
const ZERO = address(0)
const HOLDERS = [1, 2, 3, 4].map(address)
const COIN = address(100)
const NFT = address(101)
const TX_HASH = new Uint8Array(32).fill(7)

/** One step, read against the model so that it is always valid on a real chain. */
const step = fc.record({
  nft: fc.boolean(),
  kind: fc.integer({ min: 0, max: 2 }),
  a: fc.integer({ min: 0, max: 3 }),
  b: fc.integer({ min: 0, max: 3 }),
  amount: fc.bigInt({ min: 0n, max: 1000n }),
  pick: fc.nat(),
})

type Step = { nft: boolean; kind: number; a: number; b: number; amount: bigint; pick: number }
type Model = {
  balances: Map<string, bigint>
  owners: Map<bigint, Uint8Array>
  nextId: bigint
  counts: number[]
}

function toTransfers(steps: Step[], model: Model): Array<Omit<IndexedTokenTransfer, 'log'>> {
  const transfers: Array<Omit<IndexedTokenTransfer, 'log'>> = []
  const balance = (token: Uint8Array, holder: Uint8Array) =>
    model.balances.get(`${bytesToHex(token)}:${bytesToHex(holder)}`) ?? 0n
  const add = (token: Uint8Array, holder: Uint8Array, delta: bigint) => {
    if (holder === ZERO) return
    model.balances.set(`${bytesToHex(token)}:${bytesToHex(holder)}`, balance(token, holder) + delta)
  }
  for (const s of steps) {
    let from: Uint8Array = s.kind === 0 ? ZERO : HOLDERS[s.a]
    const to: Uint8Array = s.kind === 2 ? ZERO : HOLDERS[s.b]
    if (!s.nft) {
      const value =
        s.kind === 0 ? s.amount : balance(COIN, from) === 0n ? 0n : s.amount % (balance(COIN, from) + 1n)
      add(COIN, from, -value)
      add(COIN, to, value)
      model.counts[0]++
      transfers.push({ standard: 'erc20', token: COIN, from, to, value })
      continue
    }
    let tokenId: bigint
    if (s.kind === 0) tokenId = model.nextId++
    else {
      const owned = [...model.owners.keys()]
      if (owned.length === 0) continue
      tokenId = owned[s.pick % owned.length]
      from = model.owners.get(tokenId)!
    }
    if (to === ZERO) model.owners.delete(tokenId)
    else model.owners.set(tokenId, to)
    add(NFT, from, -1n)
    add(NFT, to, 1n)
    model.counts[1]++
    transfers.push({ standard: 'erc721', token: NFT, from, to, value: 1n, tokenId })
  }
  return transfers
}

describe('writeTokenTransfers', () => {
  let db: PGlite
  beforeAll(async () => {
    db = await PGlite.create()
    await db.exec(SCHEMA_SQL)
  })
  afterAll(() => db.close())

  it('keeps balances, holder and transfer counts and owners equal to a model, however transfers split into batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 6 }),
        async (steps, cuts) => {
          await db.exec('truncate token_transfers, tokens, token_balances, nft_owners, transactions cascade')
          await db.query(
            `insert into transactions (hash, block_number, mini_block_number, transaction_index, type, "from", nonce,
             value, gas_limit, input) values ($1, 1, 1, 0, 2, $2, 0, 0, 21000, '\\x')`,
            [TX_HASH, HOLDERS[0]],
          )
          const model: Model = { balances: new Map(), owners: new Map(), nextId: 1n, counts: [0, 0] }
          const transfers = toTransfers(steps, model).map((t, i) => ({
            ...t,
            log: {
              blockNumber: 1n + BigInt(i),
              logIndex: 0,
              transactionHash: TX_HASH,
              transactionIndex: 0,
              miniBlockNumber: 1n + BigInt(i),
              timestampUs: 0n,
              address: t.token,
              topics: [],
              data: new Uint8Array(),
            },
          }))
          const bounds = [
            0,
            ...cuts.filter((c) => c < transfers.length).sort((x, y) => x - y),
            transfers.length,
          ]
          for (let i = 1; i < bounds.length; i++) {
            const batch = transfers.slice(bounds[i - 1], bounds[i])
            await db.transaction((tx) => writeTokenTransfers(tx, batch))
          }

          const { rows: balances } = await db.query<{
            token: Uint8Array
            holder: Uint8Array
            balance: string
          }>('select token, holder, balance::text from token_balances')
          const expected = [...model.balances].filter(([, v]) => v !== 0n)
          expect(
            new Map(
              balances.map((r) => [`${bytesToHex(r.token)}:${bytesToHex(r.holder)}`, BigInt(r.balance)]),
            ),
          ).toEqual(new Map(expected))
          const { rows: tokens } = await db.query<{
            address: Uint8Array
            transfer_count: number
            holder_count: number
          }>('select address, transfer_count::integer, holder_count::integer from tokens order by address')
          const holders = (token: Uint8Array) =>
            expected.filter(([key]) => key.startsWith(bytesToHex(token))).length
          const expectedTokens = [COIN, NFT]
            .map((token, i) => ({ token, transfers: model.counts[i] }))
            .filter((t) => t.transfers > 0)
            .map((t) => [bytesToHex(t.token), t.transfers, holders(t.token)])
          expect(tokens.map((r) => [bytesToHex(r.address), r.transfer_count, r.holder_count])).toEqual(
            expectedTokens,
          )
          const { rows: owners } = await db.query<{ token_id: string; owner: Uint8Array }>(
            'select token_id::text, owner from nft_owners',
          )
          expect(new Map(owners.map((r) => [BigInt(r.token_id), bytesToHex(r.owner)]))).toEqual(
            new Map([...model.owners].map(([id, owner]) => [id, bytesToHex(owner)])),
          )
        },
      ),
      { numRuns: 40 },
    )
  })
})
