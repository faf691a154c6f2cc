import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestPostgres, type TestPostgres } from './startTestPostgres.ts'
import { TestPostgresErrorCode } from './TestPostgresError.ts'

async function tableNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    )
    return rows.map((row) => row.name)
  } finally {
    await client.end()
  }
}

describe('startTestPostgres', () => {
  let server: TestPostgres | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  it('starts a server on 127.0.0.1 whose databases are separate, and stops it', async () => {
    server = await startTestPostgres()
    expect(new URL(server.url).hostname).toBe('127.0.0.1')
    const first = await server.createDatabase()
    const second = await server.createDatabase()
    expect(first).not.toBe(second)
    const client = new pg.Client({ connectionString: first })
    await client.connect()
    await client.query('create table only_in_first (n integer)')
    await client.end()
    expect(await tableNames(first)).toEqual(['only_in_first'])
    expect(await tableNames(second)).toEqual([])

    await server.stop()
    await server.stop()
    const late = new pg.Client({ connectionString: first, connectionTimeoutMillis: 2_000 })
    await expect(late.connect()).rejects.toThrow()
    await late.end().catch(() => {})
  })

  it('fails, naming scripts/setup-system.sh, when the Postgres binaries are missing', async () => {
    const starting = startTestPostgres({ binDir: '/nonexistent/postgresql/bin' })
    await expect(starting).rejects.toMatchObject({ code: TestPostgresErrorCode.Missing })
    await expect(starting).rejects.toThrow(/scripts\/setup-system\.sh/)
  })
})
