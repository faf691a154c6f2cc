import { ErrorCode, RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/**
 * The link to the sequencer dropped (or was never up) while a request was
 * pending. Retryable by default: the same submission may succeed on the next
 * connection, though it may also already have been executed.
 */
export class LinkClosedError extends RtevmError {
  override name = 'LinkClosedError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.LinkClosed, `link closed: ${reason}`, { retryable: true, ...options })
  }
}

/**
 * The sequencer sent an event whose seq does not follow the last one
 * received: a gap or a duplicate. The follower drops the connection and
 * resumes from its own cursor, so nothing wrong is ever handed to `onEvent`.
 */
export class LinkSequenceError extends RtevmError {
  override name = 'LinkSequenceError'
  readonly expected: bigint
  readonly received: bigint
  constructor(expected: bigint, received: bigint) {
    super(
      ErrorCode.MalformedInput,
      `link stream out of order: expected event ${expected}, received ${received}`,
      { details: received < expected ? 'duplicate event' : `gap of ${received - expected} events` },
    )
    this.expected = expected
    this.received = received
  }
}

/** The link server could not bind its address (port taken, bad host). */
export class LinkListenError extends RtevmError {
  override name = 'LinkListenError'
  constructor(host: string, port: number) {
    super(ErrorCode.Internal, `link server could not listen on ${host}:${port}`, {
      details: 'the port may be in use by another process; pick another with --link-port or use 0',
    })
  }
}

/** Wraps anything thrown into an `RtevmError`, keeping RtevmErrors as they are. */
export function toRtevmError(error: unknown): RtevmError {
  if (error instanceof RtevmError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new RtevmError(ErrorCode.Internal, message, { cause: error })
}
