import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of the data-availability log's errors (strings, so `protocol/` needs no new entries). */
export const LogErrorCode = {
  Corrupt: 'LOG_CORRUPT',
  OutOfOrder: 'LOG_OUT_OF_ORDER',
  Closed: 'LOG_CLOSED',
  WriteFailed: 'LOG_WRITE_FAILED',
} as const

/**
 * A record inside the log (not its torn tail) fails its checksum, does not
 * decode, or breaks seq contiguity. Never skipped: the log refuses to open
 * until an operator looks at `file` at `offset`.
 */
export class LogCorruptError extends RtevmError {
  override name = 'LogCorruptError'
  readonly file: string
  readonly offset: number

  constructor(file: string, offset: number, problem: string, options: RtevmErrorOptions = {}) {
    super(LogErrorCode.Corrupt, `data-availability log corrupt: ${file} at byte ${offset}: ${problem}`, {
      ...options,
      data: { file, offset },
    })
    this.file = file
    this.offset = offset
  }
}

/** An appended event's seq is not the next one, or a read asked for seqs the log does not hold. */
export class LogSequenceError extends RtevmError {
  override name = 'LogSequenceError'
  constructor(message: string) {
    super(LogErrorCode.OutOfOrder, message)
  }
}

/** The log was closed, or an earlier write failed and it accepts no more appends. */
export class LogClosedError extends RtevmError {
  override name = 'LogClosedError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(LogErrorCode.Closed, `data-availability log is closed: ${reason}`, options)
  }
}

/**
 * A write or fsync failed. The appends in that batch are not durable, and the
 * log stops (after a failed fsync the page cache cannot be trusted).
 */
export class LogWriteError extends RtevmError {
  override name = 'LogWriteError'
  constructor(file: string, cause: unknown) {
    super(LogErrorCode.WriteFailed, `write or fsync of ${file} failed`, { cause })
  }
}
