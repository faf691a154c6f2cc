export type { SqlDatabase, SqlExecutor } from './database/SqlDatabase.ts'
export { SCHEMA_SQL } from './database/schema.ts'
export {
  IndexerErrorCode,
  IndexerListenerError,
  IndexerOverflowError,
  IndexerSequenceError,
  IndexerTransactionError,
  IndexerWriteError,
} from './errors.ts'
export type {
  CommitListener,
  CommittedBatch,
  IndexedLog,
  IndexedTokenTransfer,
} from './follower/CommittedBatch.ts'
export { createIndexer, type Indexer, type IndexerOptions } from './follower/createIndexer.ts'
export { decodeTokenTransfer } from './tokens/decodeTokenTransfer.ts'
