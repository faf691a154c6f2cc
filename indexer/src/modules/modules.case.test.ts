import type { RtevmError } from '@rtevm/protocol'
import { type Address, bytesToHex, hexToBytes, parseAbi } from 'viem'
import { afterEach, expect, it, vi } from 'vitest'
import { describeDatabases } from '../database/databaseTestSupport.ts'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { IndexerErrorCode } from '../errors.ts'
import { createIndexer, type Indexer } from '../follower/createIndexer.ts'
import { startTestChain, type TestChain } from '../follower/indexerTestSupport.ts'
import { compileTokenTestContracts } from '../tokens/tokenTestContracts.fixture.ts'
import { defineIndexerModule, type IndexerModule } from './defineIndexerModule.ts'
import { IndexerModuleError } from './errors.ts'

const WAIT = { timeout: 20_000, interval: 10 }
const { emitter } = compileTokenTestContracts()
const emitterAbi = parseAbi([
  'event Fill(uint256 indexed orderId, address indexed maker, uint256 amount)',
  'event Note(string text)',
])

let chain: TestChain | undefined
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await chain?.close()
  chain = undefined
})

/**
 * Fills of one emitter into `fills` (order id as primary key, so a duplicate
 * fails loudly) and notes of any emitter into `notes`. `beforeFill` runs after
 * the insert, inside the transaction, and may throw.
 */
function ordersModule(address: Address, beforeFill: (orderId: bigint) => void = () => {}): IndexerModule {
  return defineIndexerModule({
    name: 'orders',
    schema: `
      create table if not exists fills (
        order_id numeric(78, 0) primary key,
        maker bytea not null,
        amount numeric(78, 0) not null,
        block_number bigint not null,
        log_index integer not null
      );
      create table if not exists notes (block_number bigint, log_index integer, text text not null,
        primary key (block_number, log_index));`,
    contracts: { Emitter: { abi: emitterAbi, address }, AnyEmitter: { abi: emitterAbi } },
    handlers: {
      'Emitter:Fill': async ({ event, log, sql }) => {
        const { orderId, maker, amount } = event.args
        await sql.query(
          'insert into fills (order_id, maker, amount, block_number, log_index) values ($1, $2, $3, $4, $5)',
          [orderId.toString(), hexToBytes(maker), amount.toString(), log.blockNumber, log.logIndex],
        )
        beforeFill(orderId)
      },
      'AnyEmitter:Note': async ({ event, log, sql }) => {
        await sql.query('insert into notes (block_number, log_index, text) values ($1, $2, $3)', [
          log.blockNumber,
          log.logIndex,
          event.args.text,
        ])
      },
    },
  })
}

async function startIndexer(db: SqlDatabase, modules: IndexerModule[], onError?: (e: RtevmError) => void) {
  const indexer = await createIndexer({
    db,
    sequencerUrl: chain!.link.url,
    modules,
    retryDelayMs: 20,
    onError,
  })
  cleanups.push(() => indexer.close())
  await indexer.ready()
  return indexer
}

async function caughtUp(indexer: Indexer): Promise<void> {
  await chain!.sequencer.sealBlock()
  const head = chain!.sequencer.events.head()
  await vi.waitFor(() => expect(indexer.committedSeq() >= head).toBe(true), WAIT)
}

/** The fills as stored, in stream order, against the `Fill` logs of `address` in the core `logs` table. */
async function expectFillsMatchLogs(db: SqlDatabase, address: Address, count: number): Promise<void> {
  const { rows: fills } = await db.query<{ id: string; maker: Uint8Array; amount: string }>(
    'select order_id::text as id, maker, amount::text from fills order by block_number, log_index',
  )
  const { rows: logs } = await db.query<{ topic1: Uint8Array; topic2: Uint8Array; data: Uint8Array }>(
    'select topic1, topic2, data from logs where address = $1 and topic2 is not null order by block_number, log_index',
    [hexToBytes(address)],
  )
  expect(fills.length).toBe(count)
  expect(fills.map((f) => [BigInt(f.id), bytesToHex(f.maker), BigInt(f.amount)])).toEqual(
    logs.map((l) => [
      BigInt(bytesToHex(l.topic1)),
      bytesToHex(l.topic2.subarray(12)),
      BigInt(bytesToHex(l.data)),
    ]),
  )
}

describeDatabases('indexer modules', (stores) => {
  it('indexes a contract into its own table, only from its address, and resumes after a stop with no gap or duplicate', async () => {
    chain = await startTestChain({ blockIntervalMs: 60_000 })
    const config = await stores.newConfig()
    const { address } = await chain.deploy(0, emitter)
    const { address: other } = await chain.deploy(1, emitter)
    let db = await stores.open(config)
    let indexer = await startIndexer(db, [ordersModule(address)])

    const sending = (async () => {
      for (let i = 0; i < 40; i++) {
        await chain!.call(i % 3, address, emitter.abi, 'fillMany', [BigInt(i * 3 + 1), 3n])
        // Same event from another emitter: not a fill of the module's contract.
        if (i % 10 === 0) await chain!.call(3, other, emitter.abi, 'fill', [10_000n + BigInt(i), 1n])
      }
    })()
    await vi.waitFor(() => expect(indexer.committedSeq() >= 12n).toBe(true), WAIT)
    await indexer.close()
    await db.close()
    const stoppedAt = indexer.committedSeq()
    await sending
    await chain.call(2, other, emitter.abi, 'note', ['from anyone'])
    expect(stoppedAt < chain.sequencer.events.head()).toBe(true)

    db = await stores.open(config)
    indexer = await startIndexer(db, [ordersModule(address)])
    await caughtUp(indexer)

    await expectFillsMatchLogs(db, address, 120)
    const { rows: ids } = await db.query<{ id: string }>(
      'select order_id::text as id from fills order by order_id',
    )
    expect(ids.map((row) => Number(row.id))).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
    const { rows: notes } = await db.query<{ text: string }>('select text from notes')
    expect(notes).toEqual([{ text: 'from anyone' }])
  })

  it('rolls back the whole batch when a handler throws, reports the module and handler, and recovers from the cursor', async () => {
    chain = await startTestChain()
    const db = await stores.open()
    const { address } = await chain.deploy(0, emitter)
    const errors: RtevmError[] = []
    let failuresLeft = 2
    const module = ordersModule(address, (orderId) => {
      if (orderId === 5n && failuresLeft > 0) {
        failuresLeft--
        throw new Error('handler refused order 5')
      }
    })
    const indexer = await startIndexer(db, [module], (error) => errors.push(error))
    for (let i = 0; i < 4; i++) await chain.call(1, address, emitter.abi, 'fillMany', [BigInt(i * 3 + 1), 3n])
    await caughtUp(indexer)

    expect(failuresLeft).toBe(0)
    const failures = errors.filter((e) => e.code === IndexerErrorCode.WriteFailed)
    expect(failures).toHaveLength(2)
    for (const failure of failures) {
      const cause = failure.walk((e) => e instanceof IndexerModuleError) as IndexerModuleError
      expect(cause).toBeInstanceOf(IndexerModuleError)
      expect({ module: cause.module, handler: cause.handler }).toEqual({
        module: 'orders',
        handler: 'Emitter:Fill',
      })
      expect(cause.shortMessage).toMatch(/module orders: handler Emitter:Fill failed/)
    }
    // Order 5's row was inserted before the throw; had it not been rolled back, the retry would collide.
    await expectFillsMatchLogs(db, address, 12)
    expect(indexer.halted()).toBeUndefined()
  })

  it('fails the batch when a handler swallows a failed statement, since the transaction is aborted', async () => {
    chain = await startTestChain()
    const db = await stores.open()
    const { address } = await chain.deploy(0, emitter)
    const errors: RtevmError[] = []
    let swallowsLeft = 1
    const swallowing = defineIndexerModule({
      name: 'swallowing',
      schema: 'create table if not exists seen (order_id numeric(78, 0) primary key)',
      contracts: { Emitter: { abi: emitterAbi, address } },
      handlers: {
        'Emitter:Fill': async ({ event, sql }) => {
          if (swallowsLeft > 0) {
            swallowsLeft--
            await sql.query('select * from no_such_table').catch(() => {})
          }
          await sql.query('insert into seen (order_id) values ($1)', [event.args.orderId.toString()])
        },
      },
    })
    const indexer = await startIndexer(db, [swallowing], (error) => errors.push(error))
    await chain.call(1, address, emitter.abi, 'fillMany', [1n, 3n])
    await caughtUp(indexer)

    expect(swallowsLeft).toBe(0)
    expect(errors.filter((e) => e.code === IndexerErrorCode.WriteFailed)).toHaveLength(1)
    const { rows } = await db.query<{ id: string }>('select order_id::text as id from seen order by order_id')
    expect(rows.map((row) => row.id)).toEqual(['1', '2', '3'])
  })
})
