import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

export const TestPostgresErrorCode = {
  /** The Postgres server binaries (initdb, postgres) are not installed. */
  Missing: 'TEST_POSTGRES_MISSING',
  /** initdb or the server failed, or the server did not accept connections in time. */
  StartFailed: 'TEST_POSTGRES_START_FAILED',
} as const

/** The throwaway Postgres of the tests could not be started. */
export class TestPostgresError extends RtevmError {
  override name = 'TestPostgresError'
  constructor(
    code: (typeof TestPostgresErrorCode)[keyof typeof TestPostgresErrorCode],
    message: string,
    options: RtevmErrorOptions = {},
  ) {
    super(code, message, options)
  }
}
