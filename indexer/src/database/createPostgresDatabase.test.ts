import { startTestPostgres, type TestPostgres } from '@rtevm/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IndexerErrorCode } from '../errors.ts'
import { createPostgresDatabase, type PostgresDatabase } from './createPostgresDatabase.ts'
import type { SqlExecutor } from './SqlDatabase.ts'

describe('createPostgresDatabase', () => {
  let server: TestPostgres
  const opened: PostgresDatabase[] = []
  beforeAll(async () => {
    server = await startTestPostgres()
  })
  afterAll(async () => {
    for (const db of opened) await db.close()
    await server?.stop()
  })
  async function open(options: { maxConnections?: number; statementTimeoutMs?: number } = {}) {
    const db = createPostgresDatabase({ url: await server.createDatabase(), ...options })
    opened.push(db)
    return db
  }

  it('cancels a statement past statementTimeoutMs and stays usable', async () => {
    const db = await open({ statementTimeoutMs: 50 })
    // 57014: query_canceled, what Postgres reports for statement_timeout.
    await expect(db.query('select pg_sleep(30)')).rejects.toMatchObject({ code: '57014' })
    const { rows } = await db.query<{ n: number }>('select 1 as n')
    expect(rows).toEqual([{ n: 1 }])
  })

  it('holds one connection per transaction and gives it back after a commit or a rollback', async () => {
    const db = await open({ maxConnections: 1 })
    await db.exec('create table t (n integer)')
    const backends = await db.transaction(async (tx) => {
      const first = await tx.query<{ pid: number }>('select pg_backend_pid() as pid')
      await tx.query('insert into t values (1)')
      const second = await tx.query<{ pid: number }>('select pg_backend_pid() as pid')
      return [first.rows[0].pid, second.rows[0].pid]
    })
    expect(backends[0]).toBe(backends[1])
    await expect(
      db.transaction(async (tx) => {
        await tx.query('select * from no_such_table')
      }),
    ).rejects.toThrow(/no_such_table/)
    // With a pool of one, this waits forever (then times out) unless both connections came back.
    const { rows } = await db.query<{ n: number }>('select count(*)::integer as n from t')
    expect(rows).toEqual([{ n: 1 }])
  })

  it('refuses a query on a transaction that has ended', async () => {
    const db = await open()
    let kept: SqlExecutor | undefined
    await db.transaction(async (tx) => {
      kept = tx
    })
    await expect(kept!.query('select 1')).rejects.toMatchObject({ code: IndexerErrorCode.TransactionEnded })
  })
})
