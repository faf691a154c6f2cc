export type { SqlDatabase, SqlExecutor } from './database/SqlDatabase.ts'
export { SCHEMA_SQL } from './database/schema.ts'
export {
  IndexerErrorCode,
  IndexerOverflowError,
  IndexerSequenceError,
  IndexerTransactionError,
  IndexerWriteError,
} from './errors.ts'
export { createIndexer, type Indexer, type IndexerOptions } from './follower/createIndexer.ts'
