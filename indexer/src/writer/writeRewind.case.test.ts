import { afterEach, expect, it, vi } from 'vitest'
import { describeDatabases } from '../database/databaseTestSupport.ts'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { createIndexer, type Indexer } from '../follower/createIndexer.ts'
import { startTestChain, type TestChain } from '../follower/indexerTestSupport.ts'
import { compileTokenTestContracts } from '../tokens/tokenTestContracts.fixture.ts'

const WAIT = { timeout: 15_000, interval: 10 }
const { coin, nft } = compileTokenTestContracts()

let chain: TestChain | undefined
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await chain?.close()
  chain = undefined
})

async function caughtUp(indexer: Indexer, current: TestChain): Promise<void> {
  const head = current.sequencer.events.head()
  await vi.waitFor(() => expect(indexer.committedSeq() >= head).toBe(true), WAIT)
}

/** Every table the stream writes, as sorted text rows (accounts without the mini-block of their last change). */
async function picture(db: SqlDatabase): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    blocks: 'select number, hash from blocks',
    mini_blocks: 'select number, block_number, block_hash, transaction_count from mini_blocks',
    transactions: 'select hash, block_number, block_hash from transactions',
    receipts: 'select transaction_hash, status from receipts',
    logs: 'select block_number, log_index, transaction_hash from logs',
    contracts: 'select address, creator from contracts',
    accounts: 'select address, balance, nonce, transaction_count from accounts',
    tokens: 'select address, standard, first_block, transfer_count, holder_count from tokens',
    token_transfers: 'select block_number, log_index, "from", "to", value from token_transfers',
    token_balances: 'select token, holder, balance from token_balances',
    nft_owners: 'select token, token_id, owner from nft_owners',
  }
  const out: Record<string, string[]> = {}
  for (const [table, sql] of Object.entries(tables)) {
    const { rows } = await db.query<Record<string, unknown>>(sql)
    out[table] = rows.map((row) => JSON.stringify(Object.values(row).map(String))).sort()
  }
  return out
}

describeDatabases('a rewind (evm_revert) in the index', (stores) => {
  it('leaves every table as it was at the snapshot, then indexes the new branch', async () => {
    // No block timer: the picture at the snapshot must be the chain at the snapshot.
    chain = await startTestChain({ blockIntervalMs: 2 ** 31 - 1 })
    const db = await stores.open()
    const indexer = await createIndexer({ db, sequencerUrl: chain.link.url })
    cleanups.push(() => indexer.close())
    await indexer.ready()
    const [, b, c, d] = chain.accounts
    const { address: token } = await chain.deploy(0, coin, [1_000_000n])
    const { address: collectible } = await chain.deploy(0, nft)
    await chain.call(0, token, coin.abi, 'transfer', [b, 100n])
    await chain.call(0, collectible, nft.abi, 'mint', [b, 1n])
    await chain.sendEth(0, c, 5n)

    const snapshot = (await chain.sequencer.dev({ op: 'snapshot' })).value
    await caughtUp(indexer, chain)
    const before = await picture(db)

    // Abandoned: new holders, a new token, an NFT moving, ETH, a contract created.
    await chain.call(1, token, coin.abi, 'transfer', [c, 30n])
    await chain.call(1, collectible, nft.abi, 'transferFrom', [b, d, 1n])
    await chain.call(1, collectible, nft.abi, 'mint', [c, 2n])
    await chain.deploy(1, coin, [5n])
    await chain.sendEth(1, d, 7n)
    await chain.sequencer.sealBlock()
    await chain.sendEth(1, d, 8n) // left in the open block
    await caughtUp(indexer, chain)
    expect(await picture(db)).not.toEqual(before)

    expect((await chain.sequencer.dev({ op: 'revert', id: snapshot })).value).toBe(1n)
    await caughtUp(indexer, chain)
    expect(await picture(db)).toEqual(before)

    // The chain grows again from the snapshot's block: same numbers, new blocks.
    await chain.call(2, token, coin.abi, 'mint', [d, 9n])
    await chain.sequencer.sealBlock()
    await caughtUp(indexer, chain)
    const { rows } = await db.query<{ holders: string; transfers: string }>(
      'select holder_count::text as holders, transfer_count::text as transfers from tokens where address = $1',
      [Buffer.from(token.slice(2), 'hex')],
    )
    expect(rows[0]).toEqual({ holders: '3', transfers: '3' })
    const { rows: head } = await db.query<{ number: string; hash: Uint8Array }>(
      'select number::text, hash from blocks order by number desc limit 1',
    )
    expect(BigInt(head[0].number)).toBe(chain.sequencer.latestBlock().header.number)
    expect(Buffer.from(head[0].hash).equals(chain.sequencer.latestBlock().hash)).toBe(true)
  })
})
