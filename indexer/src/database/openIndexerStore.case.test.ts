import { describe, expect, it } from 'vitest'
import { describeDatabases } from '../database/databaseTestSupport.ts'
import { IndexerErrorCode } from '../errors.ts'
import { openIndexerStore } from './openIndexerStore.ts'
import { SCHEMA_SQL } from './schema.ts'

describeDatabases('openIndexerStore', (stores) => {
  it('reads bytea back as a plain Uint8Array, with bytes as written', async () => {
    const db = await stores.open()
    await db.exec('create table blobs (id integer primary key, data bytea, list bytea[])')
    const bytes = new Uint8Array([0, 1, 0xfe, 0xff])
    await db.query('insert into blobs values ($1, $2, $3)', [1, bytes, null])
    await db.query(`insert into blobs values (2, '\\x', array['\\x0a'::bytea, null])`)
    const { rows } = await db.query<{ data: Uint8Array; list: (Uint8Array | null)[] | null }>(
      'select data, list from blobs order by id',
    )
    expect(rows[0].data.constructor).toBe(Uint8Array)
    expect(rows[0].data).toEqual(bytes)
    expect(rows[1].data).toEqual(new Uint8Array())
    expect(rows[1].list).toEqual([new Uint8Array([10]), null])
    const found = await db.query<{ id: number }>('select id from blobs where data = $1', [bytes])
    expect(found.rows).toEqual([{ id: 1 }])
  })

  it('reads int8 as a number (a bigint past 2^53), numeric as a string, and takes bigint parameters', async () => {
    const db = await stores.open()
    const { rows } = await db.query<Record<string, unknown>>(
      `select $1::bigint as small, $2::bigint as large, $3::numeric(78, 0) as uint256, 7::smallint as tiny,
         array[1, 9007199254740993]::bigint[] as list, count(*) as n, $2::bigint::text as text`,
      [42n, 2n ** 60n, 2n ** 255n],
    )
    expect(rows[0]).toEqual({
      small: 42,
      large: 2n ** 60n,
      uint256: (2n ** 255n).toString(),
      tiny: 7,
      list: [1, 9007199254740993n],
      n: 1,
      text: (2n ** 60n).toString(),
    })
  })

  it('commits a transaction, and rolls back and rethrows when its body throws', async () => {
    const db = await stores.open()
    await db.exec('create table t (n integer primary key); insert into t values (1)')
    const result = await db.transaction(async (tx) => {
      await tx.query('insert into t values ($1)', [2])
      const { rows } = await tx.query<{ n: number }>('select count(*)::integer as n from t')
      return rows[0].n
    })
    expect(result).toBe(2)
    const failure = new Error('the body failed')
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t values (3)')
        throw failure
      }),
    ).rejects.toBe(failure)
    // A failing statement also rolls back, and the store stays usable.
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t values (4)')
        await tx.query('insert into t values (1)')
      }),
    ).rejects.toThrow(/duplicate key/)
    const { rows } = await db.query<{ n: number }>('select n from t order by n')
    expect(rows.map((row) => row.n)).toEqual([1, 2])
  })

  it('keeps its tables across close and reopen of the same config', async () => {
    const config = await stores.newConfig()
    const first = await stores.open(config)
    expect(first.kind).toBe(stores.kind)
    await first.exec(SCHEMA_SQL)
    await first.query('insert into cursor (id, seq) values (1, $1)', [17n])
    await first.close()
    await first.close()
    const second = await stores.open(config)
    await second.exec(SCHEMA_SQL)
    const { rows } = await second.query<{ seq: string }>('select seq::text as seq from cursor')
    expect(rows).toEqual([{ seq: '17' }])
  })
})

describe('openIndexerStore', () => {
  it('rejects a Postgres URL of another scheme without printing its password', async () => {
    const opening = openIndexerStore({ kind: 'postgres', url: 'mysql://user:secret@localhost/db' })
    await expect(opening).rejects.toMatchObject({ code: IndexerErrorCode.BadStoreConfig })
    await expect(opening).rejects.not.toThrow(/secret/)
  })
})
