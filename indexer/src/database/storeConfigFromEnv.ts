import type { IndexerStoreConfig } from './openIndexerStore.ts'

export type StoreDefaults = {
  /** PGlite's data directory when `DATABASE_URL` is unset; omitted or empty keeps the tables in memory. */
  dataDir?: string
}

/**
 * Postgres when `DATABASE_URL` is set (and not empty), else PGlite in
 * `defaults.dataDir`. The URL is checked when the store is opened.
 */
export function storeConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: StoreDefaults = {},
): IndexerStoreConfig {
  const url = env.DATABASE_URL?.trim()
  if (url) return { kind: 'postgres', url }
  return { kind: 'pglite', dataDir: defaults.dataDir }
}
