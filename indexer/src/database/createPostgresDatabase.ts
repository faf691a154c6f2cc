import pg from 'pg'
import { IndexerTransactionEndedError } from '../errors.ts'
import { postgresTypeParsers } from './postgresTypeParsers.ts'
import type { SqlDatabase, SqlExecutor } from './SqlDatabase.ts'

export type PostgresDatabaseOptions = {
  /** `postgres://user:password@host:port/database`. */
  url: string
  /** Most connections the pool opens. Default 10. */
  maxConnections?: number
  /** How long to wait for a connection (new or from the pool) before failing. Default 10 000 ms. */
  connectionTimeoutMs?: number
  /** Server-side limit on one statement; 0 turns it off. Default 30 000 ms. */
  statementTimeoutMs?: number
  /** How long an idle connection stays open. Default 30 000 ms. */
  idleTimeoutMs?: number
  /** An idle pooled connection failed (the server went away); the pool drops it and opens another when needed. */
  onError?: (error: Error) => void
}

/** A Postgres pool behind the indexer's `SqlDatabase`. */
export type PostgresDatabase = SqlDatabase & {
  /** Closes every connection; waits for checked-out ones to be released. */
  close(): Promise<void>
}

/**
 * Adapts a `pg` pool to `SqlDatabase`. Rows read back as PGlite's do (see
 * `postgresTypeParsers`). `query` and `exec` take any pooled connection;
 * `transaction` holds one connection from BEGIN to COMMIT, or ROLLBACK when
 * `run` throws.
 */
export function createPostgresDatabase(options: PostgresDatabaseOptions): PostgresDatabase {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    types: postgresTypeParsers,
    application_name: 'rtevm-indexer',
  })
  // Without a listener an idle connection's error would crash the process.
  pool.on('error', (error) => options.onError?.(error))
  const prepared = createStatementNames()

  async function query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
    const result = await pool.query(sql, params)
    return { rows: result.rows as T[] }
  }

  async function transaction<T>(run: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    let open = true
    const tx: SqlExecutor = {
      async query<R>(sql: string, params?: unknown[]) {
        // A query issued after the transaction ended would run outside it, on a connection someone else holds.
        if (!open) throw new IndexerTransactionEndedError()
        const result = await client.query({ name: prepared.nameOf(sql), text: sql, values: params })
        return { rows: result.rows as R[] }
      },
    }
    let broken: Error | undefined
    try {
      await client.query('begin')
      const result = await run(tx)
      await client.query('commit')
      return result
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => {
        // The connection is in an unknown state: destroy it instead of returning it to the pool.
        broken = rollbackError
      })
      throw error
    } finally {
      open = false
      client.release(broken)
    }
  }

  let closing: Promise<void> | undefined
  return {
    query,
    exec: (sql) => pool.query(sql),
    transaction,
    close() {
      closing ??= pool.end()
      return closing
    },
  }
}

/** Statement texts run inside transactions that get a server-side prepared statement. */
const MAX_PREPARED = 64

/**
 * Names for statements worth preparing: a text seen a second time (the
 * writer's per-batch statements are the same text every batch) gets a name,
 * so each connection parses and plans it once instead of every batch. Texts
 * that vary (VALUES lists) are seen once and never named; past
 * `MAX_PREPARED` names no more are given, which bounds what each connection
 * keeps prepared.
 */
function createStatementNames() {
  const seen = new Set<string>()
  const names = new Map<string, string>()
  return {
    nameOf(sql: string): string | undefined {
      const name = names.get(sql)
      if (name || names.size >= MAX_PREPARED) return name
      if (!seen.has(sql)) {
        // Bounded like `names`: a stream of one-off texts cannot grow it without limit.
        if (seen.size >= 4 * MAX_PREPARED) seen.clear()
        seen.add(sql)
        return undefined
      }
      seen.delete(sql)
      const given = `rtevm_${names.size}`
      names.set(sql, given)
      return given
    },
  }
}
