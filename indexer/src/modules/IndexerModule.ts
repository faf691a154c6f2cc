import type { SqlExecutor } from '../database/SqlDatabase.ts'

/**
 * What a custom module adds to the GraphQL API: SDL that extends `Query` (and
 * may add `Subscription` fields and types), and resolvers for it. Resolvers
 * read the module's tables through `context.sql` (read-only use).
 */
export type ModuleGraphql = {
  typeDefs: string
  resolvers: Record<string, Record<string, unknown>>
}

/** The GraphQL context every resolver receives (the server's and the modules'). */
export type GraphqlContext = {
  sql: SqlExecutor
}

/**
 * The seam between the indexer, custom modules and the GraphQL server. A module
 * (see `defineIndexerModule`) owns its tables: its `schema` DDL runs at start,
 * and its handlers run inside each batch's database transaction, so its rows
 * commit with the cursor (no gap, no duplicate after a restart). The concrete
 * typed API is `defineIndexerModule` in this folder.
 */
export type IndexerModuleBase = {
  /** Unique; prefixes nothing, names the module in errors. */
  name: string
  /** Idempotent DDL (`create table if not exists …`), run on every start. */
  schema: string
  graphql?: ModuleGraphql
}
