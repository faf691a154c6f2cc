export {
  createPostgresDatabase,
  type PostgresDatabase,
  type PostgresDatabaseOptions,
} from './database/createPostgresDatabase.ts'
export {
  type IndexerStore,
  type IndexerStoreConfig,
  type IndexerStoreKind,
  openIndexerStore,
} from './database/openIndexerStore.ts'
export type { SqlDatabase, SqlExecutor } from './database/SqlDatabase.ts'
export { SCHEMA_SQL } from './database/schema.ts'
export { type StoreDefaults, storeConfigFromEnv } from './database/storeConfigFromEnv.ts'
export {
  IndexerErrorCode,
  IndexerListenerError,
  IndexerOverflowError,
  IndexerSequenceError,
  IndexerStoreConfigError,
  IndexerTransactionEndedError,
  IndexerTransactionError,
  IndexerWriteError,
} from './errors.ts'
export type {
  CommitListener,
  CommittedBatch,
  IndexedLog,
  IndexedTokenTransfer,
} from './follower/CommittedBatch.ts'
export {
  createIndexer,
  type Indexer,
  type IndexerLag,
  type IndexerOptions,
} from './follower/createIndexer.ts'
export { GraphqlErrorCode } from './graphql/errors.ts'
export { type ApiLimits, DEFAULT_API_LIMITS } from './graphql/limits.ts'
export {
  defineIndexerModule,
  type IndexerModule,
  type IndexerModuleDefinition,
  type ModuleContract,
  type ModuleContracts,
  type ModuleEvent,
  type ModuleEventKey,
  type ModuleHandlerContext,
  type ModuleHandlers,
} from './modules/defineIndexerModule.ts'
export { IndexerModuleConfigError, IndexerModuleError, IndexerModuleErrorCode } from './modules/errors.ts'
export {
  createIndexerServer,
  type IndexerServer,
  type IndexerServerOptions,
} from './server/createIndexerServer.ts'
export { IndexerServerListenError } from './server/IndexerServerListenError.ts'
export { decodeTokenTransfer } from './tokens/decodeTokenTransfer.ts'
export { TokenErrorCode, TokenMetadataError, TokenMetadataQueueFullError } from './tokens/errors.ts'
