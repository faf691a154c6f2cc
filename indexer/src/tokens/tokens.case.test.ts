import type { TxInclusion } from '@rtevm/protocol'
import { type Address, bytesToHex, decodeEventLog, hexToBytes, parseAbi } from 'viem'
import { afterEach, expect, it, vi } from 'vitest'
import { describeDatabases } from '../database/databaseTestSupport.ts'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { createIndexer, type Indexer } from '../follower/createIndexer.ts'
import { startTestChain, type TestChain } from '../follower/indexerTestSupport.ts'
import { compileTokenTestContracts } from './tokenTestContracts.fixture.ts'

const WAIT = { timeout: 15_000, interval: 10 }
const ZERO = '0x0000000000000000000000000000000000000000'
const { coin, nft, factory } = compileTokenTestContracts()

let chain: TestChain | undefined
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await chain?.close()
  chain = undefined
})

async function startIndexer(db: SqlDatabase, current: TestChain): Promise<Indexer> {
  const indexer = await createIndexer({ db, sequencerUrl: current.link.url })
  cleanups.push(() => indexer.close())
  await indexer.ready()
  return indexer
}

async function caughtUp(indexer: Indexer, current: TestChain): Promise<void> {
  await current.sequencer.sealBlock()
  const head = current.sequencer.events.head()
  await vi.waitFor(() => expect(indexer.committedSeq() >= head).toBe(true), WAIT)
}

const bytes = (address: string) => hexToBytes(address as Address)
const lower = (address: string) => address.toLowerCase()

type TokenRow = {
  standard: string
  name: string | null
  first_block: string
  transfer_count: string
  holder_count: string
}

async function tokenRow(db: SqlDatabase, token: Address): Promise<TokenRow | undefined> {
  const { rows } = await db.query<TokenRow>(
    `select standard, name, first_block::text, transfer_count::text, holder_count::text
     from tokens where address = $1`,
    [bytes(token)],
  )
  return rows[0]
}

/** Stored balances of `token` by holder (lowercase hex). */
async function storedBalances(db: SqlDatabase, token: Address): Promise<Record<string, bigint>> {
  const { rows } = await db.query<{ holder: Uint8Array; balance: string }>(
    'select holder, balance::text from token_balances where token = $1',
    [bytes(token)],
  )
  return Object.fromEntries(rows.map((row) => [bytesToHex(row.holder), BigInt(row.balance)]))
}

/** On-chain nonzero balances of `token` (balanceOf at `slot`) among `holders`. */
function chainBalances(current: TestChain, token: Address, slot: bigint, holders: Address[]) {
  const balances: Record<string, bigint> = {}
  for (const holder of holders) {
    const balance = current.mappingValue(token, slot, holder)
    if (balance !== 0n) balances[lower(holder)] = balance
  }
  return balances
}

async function transferCount(db: SqlDatabase, transaction: TxInclusion): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::integer as n from token_transfers where transaction_hash = $1',
    [transaction.hash],
  )
  return rows[0].n
}

describeDatabases('token indexing', (stores) => {
  it('keeps ERC-20 balances, holder and transfer counts equal to the chain across mints, transfers, burns and a revert', async () => {
    chain = await startTestChain()
    const db = await stores.open()
    const indexer = await startIndexer(db, chain)
    const [a, b, c, d] = chain.accounts
    const { inclusion: deployment, address: token } = await chain.deploy(0, coin, [1_000_000n])
    await chain.call(0, token, coin.abi, 'transfer', [b, 100n])
    await chain.call(0, token, coin.abi, 'transfer', [c, 50n])
    await chain.call(1, token, coin.abi, 'transfer', [c, 30n])
    // One holder on both sides of many transfers in one transaction, so in one batch.
    const many = await chain.call(0, token, coin.abi, 'transferMany', [
      [b, c, b, d, b],
      [1n, 2n, 3n, 4n, 5n],
    ])
    const cBalance = chain.mappingValue(token, 0n, c)
    await chain.call(2, token, coin.abi, 'burn', [cBalance])
    await chain.call(3, token, coin.abi, 'mint', [d, 7n])
    const reverted = await chain.call(3, token, coin.abi, 'transfer', [a, 1_000_000_000n])
    expect(reverted.receipt.status).toBe(0)
    await caughtUp(indexer, chain)

    // c burned everything: a, b and d hold.
    const onChain = chainBalances(chain, token, 0n, chain.accounts)
    expect(Object.keys(onChain).sort()).toEqual([a, b, d].map(lower).sort())
    expect(await storedBalances(db, token)).toEqual(onChain)
    expect(await tokenRow(db, token)).toEqual({
      standard: 'erc20',
      name: null,
      first_block: deployment.blockNumber.toString(),
      transfer_count: '11',
      holder_count: '3',
    })
    expect(await transferCount(db, many)).toBe(5)
    expect(await transferCount(db, reverted)).toBe(0)
    const { rows: burns } = await db.query<{ from: Uint8Array; value: string }>(
      `select "from", value::text from token_transfers where token = $1 and "to" = $2`,
      [bytes(token), bytes(ZERO)],
    )
    expect(burns.map((row) => [bytesToHex(row.from), BigInt(row.value)])).toEqual([[lower(c), cBalance]])
  })

  it('tracks ERC-721 owners and per-holder token counts through mints, transfers, a burn and a revert', async () => {
    chain = await startTestChain()
    const db = await stores.open()
    const indexer = await startIndexer(db, chain)
    const [a, b, c, d] = chain.accounts
    const { address: token, inclusion: deployment } = await chain.deploy(0, nft)
    for (const [to, id] of [
      [a, 1n],
      [a, 2n],
      [b, 3n],
      [a, 4n],
    ] as const) {
      await chain.call(0, token, nft.abi, 'mint', [to, id])
    }
    await chain.call(0, token, nft.abi, 'transferFrom', [a, c, 1n])
    await chain.call(2, token, nft.abi, 'transferFrom', [c, d, 1n])
    await chain.call(0, token, nft.abi, 'burn', [2n])
    const reverted = await chain.call(3, token, nft.abi, 'transferFrom', [b, d, 3n])
    expect(reverted.receipt.status).toBe(0)
    await caughtUp(indexer, chain)

    const { rows: owners } = await db.query<{ token_id: string; owner: Uint8Array }>(
      'select token_id::text, owner from nft_owners where token = $1 order by token_id',
      [bytes(token)],
    )
    const onChainOwners: [string, string][] = []
    for (const id of [1n, 2n, 3n, 4n]) {
      const owner = chain.mappingValue(token, 0n, id)
      if (owner !== 0n) onChainOwners.push([id.toString(), `0x${owner.toString(16).padStart(40, '0')}`])
    }
    expect(onChainOwners).toEqual([
      ['1', lower(d)],
      ['3', lower(b)],
      ['4', lower(a)],
    ])
    expect(owners.map((row) => [row.token_id, bytesToHex(row.owner)])).toEqual(onChainOwners)
    expect(await storedBalances(db, token)).toEqual(chainBalances(chain, token, 1n, chain.accounts))
    const row = await tokenRow(db, token)
    expect(row).toMatchObject({ standard: 'erc721', transfer_count: '7', holder_count: '3' })
    expect(BigInt(row!.first_block) >= deployment.blockNumber).toBe(true)
    expect(await transferCount(db, reverted)).toBe(0)
    const { rows: ids } = await db.query<{ token_id: string; value: string }>(
      'select token_id::text, value::text from token_transfers where token = $1 order by block_number, log_index',
      [bytes(token)],
    )
    expect(ids.map((r) => r.token_id)).toEqual(['1', '2', '3', '4', '1', '1', '2'])
    expect(new Set(ids.map((r) => r.value))).toEqual(new Set(['1']))
  })

  it('records contracts deployed by CREATE and CREATE2 inside a call, with the factory as creator', async () => {
    chain = await startTestChain()
    const db = await stores.open()
    const indexer = await startIndexer(db, chain)
    const { address: coinFactory } = await chain.deploy(1, factory)
    const created = [
      await chain.call(0, coinFactory, factory.abi, 'create', [1_000n]),
      await chain.call(0, coinFactory, factory.abi, 'create2', [`0x${'11'.repeat(32)}`, 500n]),
      await chain.call(2, coinFactory, factory.abi, 'create', [7n]),
    ]
    await caughtUp(indexer, chain)

    const createdEvent = parseAbi(['event Created(address coin)'])
    const expected = created.map((inclusion) => {
      const log = inclusion.receipt.logs.find((l) => bytesToHex(l.address) === lower(coinFactory))!
      const { args } = decodeEventLog({
        abi: createdEvent,
        topics: log.topics.map((t) => bytesToHex(t)) as [`0x${string}`],
        data: bytesToHex(log.data),
      })
      return [lower(args!.coin), lower(coinFactory), bytesToHex(inclusion.hash)]
    })
    const { rows } = await db.query<{
      address: Uint8Array
      creator: Uint8Array
      creation_transaction: Uint8Array
    }>('select address, creator, creation_transaction from contracts where creator = $1', [
      bytes(coinFactory),
    ])
    const stored = rows.map((r) => [
      bytesToHex(r.address),
      bytesToHex(r.creator),
      bytesToHex(r.creation_transaction),
    ])
    expect(stored.sort()).toEqual(expected.sort())
    // The coins' constructor mints to the factory: they are tokens too.
    for (const [address] of expected) {
      expect(await tokenRow(db, address as Address)).toMatchObject({ standard: 'erc20', holder_count: '1' })
      expect(await storedBalances(db, address as Address)).toEqual(
        chainBalances(chain, address as Address, 0n, [coinFactory]),
      )
    }
  })
})
