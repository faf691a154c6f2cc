/** What the indexer needs from a SQL connection inside a transaction. PGlite's `Transaction` fits. */
export type SqlExecutor = {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
}

/**
 * What the indexer needs from a SQL database: PGlite fits as is; a Postgres
 * pool will get a thin adapter. All writes of a batch go through one `transaction`.
 */
export type SqlDatabase = SqlExecutor & {
  exec(sql: string): Promise<unknown>
  transaction<T>(run: (tx: SqlExecutor) => Promise<T>): Promise<T>
}
