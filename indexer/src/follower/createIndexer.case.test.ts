import type { StreamEvent } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import { afterEach, expect, it, vi } from 'vitest'
import { describeDatabases } from '../database/databaseTestSupport.ts'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { createIndexer, type Indexer } from './createIndexer.ts'
import { countRows, startTestChain, type TestChain } from './indexerTestSupport.ts'

const WAIT = { timeout: 10_000, interval: 10 }
const hex = (bytes: Uint8Array) => bytesToHex(bytes)

let chain: TestChain | undefined
const cleanups: Array<() => Promise<void> | void> = []

async function startIndexer(db: SqlDatabase, url: string, options: { maxQueuedEvents?: number } = {}) {
  const indexer = await createIndexer({ db, sequencerUrl: url, ...options })
  cleanups.push(() => indexer.close())
  await indexer.ready()
  return indexer
}

/** Waits until the indexer has committed everything the sequencer has logged so far. */
async function caughtUp(indexer: Indexer, current: TestChain): Promise<void> {
  await current.sequencer.sealBlock()
  const head = current.sequencer.events.head()
  await vi.waitFor(() => expect(indexer.committedSeq() >= head).toBe(true), WAIT)
}

function loggedEvents(current: TestChain): StreamEvent[] {
  return current.sequencer.events.readFrom(1n, Number.MAX_SAFE_INTEGER).map((entry) => entry.event)
}

/** Reads the indexed chain in one snapshot: the indexer keeps committing the chain's empty blocks meanwhile. */
async function readIndexed(db: SqlDatabase) {
  return db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read')
    const cursor = await tx.query<{ seq: string }>('select seq::text from cursor')
    const miniBlocks = await tx.query<{ n: string }>(
      'select number::text as n from mini_blocks order by number',
    )
    const blocks = await tx.query<{ hash: Uint8Array }>('select hash from blocks order by number')
    const txs = await tx.query<{ hash: Uint8Array }>(
      'select hash from transactions order by block_number, transaction_index',
    )
    const logs = await tx.query<{ id: string }>(
      `select block_number || ':' || log_index || ':0x' || encode(transaction_hash, 'hex') as id
       from logs order by block_number, log_index`,
    )
    return {
      seq: BigInt(cursor.rows[0].seq),
      miniBlocks: miniBlocks.rows.map((row) => BigInt(row.n)),
      blocks: blocks.rows.map((row) => hex(row.hash)),
      transactions: txs.rows.map((row) => hex(row.hash)),
      receipts: await countRows(tx, 'receipts'),
      logs: logs.rows.map((row) => row.id),
    }
  })
}

/** Asserts that every mini-block, block and transaction of the log up to the cursor is in the database once. */
async function expectSameAsLog(db: SqlDatabase, current: TestChain, indexer: Indexer): Promise<void> {
  const committed = indexer.committedSeq()
  const stored = await readIndexed(db)
  expect(stored.seq >= committed).toBe(true)
  const events = loggedEvents(current).filter((event) => event.seq <= stored.seq)
  const miniBlocks = events.flatMap((e) => (e.kind === 'miniBlock' ? [e.miniBlock] : []))
  const blocks = events.flatMap((e) => (e.kind === 'block' ? [e.block] : []))
  const txHashes = miniBlocks.flatMap((mb) => mb.transactions.map((tx) => hex(tx.hash)))

  expect(stored.miniBlocks).toEqual(miniBlocks.map((mb) => mb.number))
  expect(stored.blocks).toEqual(blocks.map((b) => hex(b.hash)))
  expect(stored.transactions).toEqual(txHashes)
  expect(stored.receipts).toBe(txHashes.length)
  // Logs are numbered across the EVM block, also when a batch or a restart splits the block.
  const nextLogIndex = new Map<bigint, number>()
  const expectedLogs = miniBlocks.flatMap((mb) =>
    mb.receipts.flatMap((receipt, i) =>
      receipt.logs.map(() => {
        const index = nextLogIndex.get(mb.blockNumber) ?? 0
        nextLogIndex.set(mb.blockNumber, index + 1)
        return `${mb.blockNumber}:${index}:${hex(mb.transactions[i].hash)}`
      }),
    ),
  )
  expect(stored.logs).toEqual(expectedLogs)
}

/** Asserts that every account's balance and nonce in the database equal the sequencer's state. */
async function expectSameAccounts(db: SqlDatabase, current: TestChain): Promise<void> {
  const stored = await db.query<{ address: Uint8Array; balance: string; nonce: string }>(
    'select address, balance::text, nonce::text from accounts',
  )
  const byAddress = new Map(stored.rows.map((row) => [hex(row.address).slice(2), row]))
  for (const [address, account] of current.sequencer.state.accounts()) {
    const row = byAddress.get(address)
    expect(row, `account 0x${address}`).toBeDefined()
    expect({ balance: BigInt(row!.balance), nonce: BigInt(row!.nonce) }).toEqual({
      balance: account.balance,
      nonce: account.nonce,
    })
  }
}

describeDatabases('createIndexer', (stores) => {
  // Registered inside the block, so it runs before the stores close (after-hooks run in reverse).
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    await chain?.close()
    chain = undefined
  })

  it('indexes ETH transfers, an ERC-20 deployment, its transfers and a revert as the sequencer produced them', async () => {
    chain = await startTestChain()
    const db = await stores.open()
    const indexer = await startIndexer(db, chain.link.url)
    const [alice, bob, carol] = chain.accounts

    const transfers = [
      await chain.sendEth(0, bob, 1_000n),
      await chain.sendEth(0, carol, 2_000n),
      await chain.sendEth(1, alice, 3n),
    ]
    const { inclusion: deployment, address: token } = await chain.deployToken(2, 1_000_000n)
    const tokenTransfers = [
      await chain.transferToken(2, token, alice, 100n),
      await chain.transferToken(2, token, bob, 250n),
      await chain.transferToken(0, token, carol, 40n),
    ]
    const reverted = await chain.transferToken(3, token, alice, 1n)
    expect(reverted.receipt.status).toBe(0)
    await caughtUp(indexer, chain)

    await expectSameAsLog(db, chain, indexer)
    await expectSameAccounts(db, chain)

    const all = [...transfers, deployment, ...tokenTransfers, reverted]
    const receipts = await db.query<{ transaction_hash: Uint8Array; status: number; gas_used: string }>(
      'select transaction_hash, status, gas_used::text from receipts',
    )
    const byHash = new Map(receipts.rows.map((row) => [hex(row.transaction_hash), row]))
    for (const inclusion of all) {
      const row = byHash.get(hex(inclusion.hash))
      expect(row, hex(inclusion.hash)).toBeDefined()
      expect({ status: row!.status, gasUsed: BigInt(row!.gas_used) }).toEqual({
        status: inclusion.receipt.status,
        gasUsed: inclusion.receipt.gasUsed,
      })
    }

    const contracts = await db.query<{
      address: Uint8Array
      creator: Uint8Array
      creation_transaction: Uint8Array
    }>('select address, creator, creation_transaction from contracts')
    expect(
      contracts.rows.map((row) => [hex(row.address), hex(row.creator), hex(row.creation_transaction)]),
    ).toEqual([[token, carol.toLowerCase(), hex(deployment.hash)]])

    // The mint plus three successful transfers; the revert logs nothing.
    const transferLogs = await db.query<{ log_index: number; transaction_hash: Uint8Array }>(
      'select log_index, transaction_hash from logs where address = $1 order by block_number, log_index',
      [Buffer.from(token.slice(2), 'hex')],
    )
    expect(transferLogs.rows.map((row) => hex(row.transaction_hash))).toEqual(
      [deployment, ...tokenTransfers].map((inclusion) => hex(inclusion.hash)),
    )

    const bobRow = await db.query<{ transaction_count: number }>(
      'select transaction_count::integer from accounts where address = $1',
      [Buffer.from(bob.slice(2), 'hex')],
    )
    // One transfer received from alice and one sent to her; token transfers count for the token, not bob.
    expect(bobRow.rows[0].transaction_count).toBe(2)

    const unsealed = await db.query<{ n: number }>(
      `select count(*)::integer as n from transactions t join blocks b on b.number = t.block_number
       where t.block_hash is distinct from b.hash`,
    )
    expect(unsealed.rows[0].n).toBe(0)
  })

  it('reports no lag once caught up, however long the chain has been idle', async () => {
    chain = await startTestChain()
    const db = await stores.open()
    const indexer = await startIndexer(db, chain.link.url)
    await chain.sendEth(0, chain.accounts[1], 1n)
    await caughtUp(indexer, chain)
    await new Promise((resolve) => setTimeout(resolve, 300))
    // The chain's empty blocks still arrive meanwhile; between them the index is level with the stream.
    await vi.waitFor(() => expect(indexer.lag()).toEqual({ events: 0, ms: 0 }), WAIT)
  })

  it('resumes from the same database after being stopped mid-stream, with no gap and no duplicate', async () => {
    // One long block: the stop and the batches split it, so log numbering must continue across them.
    chain = await startTestChain({ blockIntervalMs: 60_000 })
    // PGlite: the same data directory; Postgres: the same database URL.
    const config = await stores.newConfig()
    const bob = chain.accounts[1]

    let db = await stores.open(config)
    let indexer = await startIndexer(db, chain.link.url)
    const { address: token } = await chain.deployToken(2, 1_000_000n)
    // Even sends move ETH, odd ones move the token (one Transfer log each).
    const send = (i: number) =>
      i % 2 === 0 ? chain!.sendEth(0, bob, BigInt(i + 1)) : chain!.transferToken(2, token, bob, BigInt(i))
    const sending = (async () => {
      for (let i = 0; i < 60; i++) await send(i)
    })()
    await vi.waitFor(() => expect(indexer.committedSeq() >= 10n).toBe(true), WAIT)
    await indexer.close()
    await db.close()
    const stoppedAt = indexer.committedSeq()
    await sending
    // A fast database may have kept up with all 60; these land after the stop in any case.
    for (let i = 60; i < 70; i++) await send(i)
    expect(stoppedAt < chain.sequencer.events.head()).toBe(true)

    db = await stores.open(config)
    indexer = await startIndexer(db, chain.link.url)
    await caughtUp(indexer, chain)

    await expectSameAsLog(db, chain, indexer)
    await expectSameAccounts(db, chain)
    expect(await countRows(db, 'transactions')).toBe(71)
    expect(await countRows(db, 'logs')).toBe(36)
  })

  it('drops the link when its queue overflows and resumes from the cursor without losing events', async () => {
    chain = await startTestChain()
    const send = (i: number) => chain!.sendEth(i % 3, chain!.accounts[3], 1n)
    // A backlog replayed in a burst overflows the queue whatever the database's speed.
    for (let i = 0; i < 20; i++) await send(i)
    const db = await stores.open()
    const errors: string[] = []
    const indexer = await createIndexer({
      db,
      sequencerUrl: chain.link.url,
      maxQueuedEvents: 2,
      onError: (error) => errors.push(error.code),
    })
    cleanups.push(() => indexer.close())
    await indexer.ready()

    for (let i = 20; i < 40; i++) await send(i)
    await caughtUp(indexer, chain)

    expect(errors).toContain('INDEXER_QUEUE_OVERFLOW')
    await expectSameAsLog(db, chain, indexer)
    await expectSameAccounts(db, chain)
    expect(await countRows(db, 'transactions')).toBe(40)
  })
})
