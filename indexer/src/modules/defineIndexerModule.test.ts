import { PGlite } from '@electric-sql/pglite'
import { type Address, parseAbi } from 'viem'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { createModuleDispatcher } from './createModuleDispatcher.ts'
import { defineIndexerModule, type IndexerModule } from './defineIndexerModule.ts'
import { IndexerModuleConfigError } from './errors.ts'

const orderBookAbi = parseAbi([
  'event Fill(uint256 indexed orderId, address indexed maker, uint256 amount)',
  'event Cancel(uint256 indexed orderId)',
])
const tokenAbi = parseAbi(['event Transfer(address indexed from, address indexed to, uint256 value)'])

describe('defineIndexerModule types', () => {
  it('types event.args from the ABI and rejects unknown handler keys and argument names', () => {
    const module = defineIndexerModule({
      name: 'orders',
      schema: '',
      contracts: {
        OrderBook: { abi: orderBookAbi, address: '0x0000000000000000000000000000000000000001' },
        Token: { abi: tokenAbi },
      },
      handlers: {
        'OrderBook:Fill': ({ event, log, sql }) => {
          expectTypeOf(event.name).toEqualTypeOf<'Fill'>()
          expectTypeOf(event.args.orderId).toEqualTypeOf<bigint>()
          expectTypeOf(event.args.maker).toEqualTypeOf<Address>()
          expectTypeOf(event.args.amount).toEqualTypeOf<bigint>()
          // @ts-expect-error: Fill has no argument `price`
          void event.args.price
          expectTypeOf(log.blockNumber).toEqualTypeOf<bigint>()
          expectTypeOf(sql.query).toBeFunction()
        },
        'OrderBook:Cancel': async ({ event }) => {
          expectTypeOf(event.args).toEqualTypeOf<{ orderId: bigint }>()
        },
        'Token:Transfer': ({ event }) => {
          expectTypeOf(event.args.value).toEqualTypeOf<bigint>()
        },
      },
    })
    expectTypeOf(module).toEqualTypeOf<IndexerModule>()

    defineIndexerModule({
      name: 'wrong-event',
      schema: '',
      contracts: { OrderBook: { abi: orderBookAbi } },
      handlers: {
        // @ts-expect-error: OrderBook has no event Fil
        'OrderBook:Fil': () => {},
      },
    })
    defineIndexerModule({
      name: 'wrong-contract',
      schema: '',
      contracts: { OrderBook: { abi: orderBookAbi } },
      handlers: {
        // @ts-expect-error: the module has no contract Book
        'Book:Fill': () => {},
      },
    })
    defineIndexerModule({
      name: 'wrong-args',
      schema: '',
      contracts: { Token: { abi: tokenAbi } },
      handlers: {
        'Token:Transfer': ({ event }) => {
          // @ts-expect-error: Transfer's arguments are from, to and value
          void event.args.amount
        },
      },
    })
  })
})

describe('defineIndexerModule checks', () => {
  // createIndexer builds the dispatcher before it touches the database, so these fail its start.
  const start = (modules: IndexerModule[]) => () => createModuleDispatcher(modules)
  const valid = { name: 'm', schema: '', contracts: { OrderBook: { abi: orderBookAbi } }, handlers: {} }

  it('refuses duplicate names, unknown contracts or events and bad addresses with a typed error', () => {
    const bad = IndexerModuleConfigError
    expect(start([valid, valid] as IndexerModule[])).toThrow(bad)
    expect(start([{ ...valid, handlers: { 'Book:Fill': () => {} } }] as IndexerModule[])).toThrow(bad)
    expect(start([{ ...valid, handlers: { 'OrderBook:Fil': () => {} } }] as IndexerModule[])).toThrow(
      /module m: contract OrderBook has no event Fil/,
    )
    const badAddress = { ...valid, contracts: { OrderBook: { abi: orderBookAbi, address: '0x12' } } }
    expect(start([{ ...badAddress, handlers: { 'OrderBook:Fill': () => {} } }] as IndexerModule[])).toThrow(
      bad,
    )
    expect(start([{ ...valid, handlers: { 'OrderBook:Fill': () => {} } }] as IndexerModule[])).not.toThrow()
  })

  it('names the module whose schema fails', async () => {
    const db = await PGlite.create()
    try {
      const broken = { ...valid, name: 'broken', schema: 'create tabel nope ()' } as IndexerModule
      const creating = createModuleDispatcher([valid as IndexerModule, broken]).createSchemas(db)
      await expect(creating).rejects.toBeInstanceOf(IndexerModuleConfigError)
      await expect(creating).rejects.toThrow(/module broken: its schema failed/)
    } finally {
      await db.close()
    }
  })
})
