// Test support for databases: one suite on PGlite and on a throwaway Postgres. Not part of the package's API.
export { describeDatabases, TEST_STORE_KINDS, type TestStores } from './describeDatabases.ts'
export { findPostgresBinaries } from './findPostgresBinaries.ts'
export { startTestPostgres, type TestPostgres, type TestPostgresOptions } from './startTestPostgres.ts'
export { TestPostgresError, TestPostgresErrorCode } from './TestPostgresError.ts'
