import { PGlite } from '@electric-sql/pglite'
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
  const db = config.dataDir ? await PGlite.create(config.dataDir) : await PGlite.create()
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

/** The URL with its password, if any, replaced: URLs end up in error messages and logs. */
function redactPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@')
}
