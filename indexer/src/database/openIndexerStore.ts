import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { IndexerStoreConfigError } from '../errors.ts'
import { createPostgresDatabase, type PostgresDatabaseOptions } from './createPostgresDatabase.ts'
import type { SqlDatabase } from './SqlDatabase.ts'

/** Where the indexer keeps its tables: embedded PGlite (a data directory, or memory), or a Postgres server. */
export type IndexerStoreConfig =
  | {
      kind: 'pglite'
      /** Directory of the PGlite cluster; created if absent. Omitted or empty: in memory, gone on close. */
      dataDir?: string
    }
  | ({ kind: 'postgres' } & PostgresDatabaseOptions)

export type IndexerStoreKind = IndexerStoreConfig['kind']

/** An open store: one `SqlDatabase` whichever the engine, so the indexer has one code path. */
export type IndexerStore = SqlDatabase & {
  readonly kind: IndexerStoreKind
  /** Closes the database (idempotent). Close the indexer using it first. */
  close(): Promise<void>
}

/** Opens the store `config` names. The schema is created by `createIndexer`, not here. */
export async function openIndexerStore(config: IndexerStoreConfig): Promise<IndexerStore> {
  if (config.kind === 'postgres') {
    if (!/^postgres(ql)?:\/\//.test(config.url)) {
      throw new IndexerStoreConfigError(`Postgres URL must start with postgres:// or postgresql://`, {
        details: `got "${redactPassword(config.url)}"`,
      })
    }
    const db = createPostgresDatabase(config)
    return { kind: 'postgres', query: db.query, exec: db.exec, transaction: db.transaction, close: db.close }
  }
  if (config.kind !== 'pglite') {
    throw new IndexerStoreConfigError(`unknown store kind "${(config as { kind: unknown }).kind}"`)
  }
  if (config.dataDir) await initdbApart(config.dataDir)
  const db = config.dataDir
    ? await PGlite.create(config.dataDir, PGLITE_OPTIONS)
    : await PGlite.create(PGLITE_OPTIONS)
  let closing: Promise<void> | undefined
  return {
    kind: 'pglite',
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (run) => db.transaction(run),
    close() {
      closing ??= db.close()
      return closing
    },
  }
}

/**
 * A devnet's index is small: Postgres's default 128 MB of shared buffers would
 * mostly hold nothing, yet count in the devnet's memory.
 */
const PGLITE_OPTIONS: PGliteOptions = { postgresqlconf: ['shared_buffers=16MB'] }

/**
 * Creates a new PGlite cluster in `dataDir` in a child process. initdb grows
 * PGlite's WASM memory by about 500 MB that the process keeps; the child
 * gives it back by exiting, and the indexer opens the finished cluster.
 */
async function initdbApart(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  const script = `require(${JSON.stringify(pglite)}).PGlite.create(process.argv[1], ${JSON.stringify(PGLITE_OPTIONS)}).then((db) => db.close())`
  try {
    await promisify(execFile)(process.execPath, ['-e', script, dataDir])
  } catch (error) {
    throw new IndexerStoreConfigError(`could not create a PGlite cluster in ${dataDir}`, {
      details: 'check that the directory is writable, or remove it to start a fresh index',
      cause: error,
    })
  }
}

/** The URL with its password, if any, replaced: URLs end up in error messages and logs. */
function redactPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@')
}
