import { ErrorCode, type LinkRole, RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

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

/**
 * A request this link connection holds no role for: refused, and nothing
 * changed. `peer`: who the connection authenticated as, if it did.
 */
export class LinkForbiddenError extends RtevmError {
  override name = 'LinkForbiddenError'
  constructor(role: LinkRole, operation: string, held: readonly LinkRole[], peer: string | undefined) {
    super(ErrorCode.Forbidden, `forbidden: ${operation} needs the link role ${role}`, {
      details:
        peer === undefined
          ? 'this connection did not authenticate: give the client its key (--link-key)'
          : `${peer} holds ${held.length > 0 ? held.join(', ') : 'no role'}`,
    })
  }
}

/** A link authentication that failed: unknown key, bad signature, or out of order. */
export class LinkUnauthorizedError extends RtevmError {
  override name = 'LinkUnauthorizedError'
  constructor(reason: string) {
    super(ErrorCode.Unauthorized, `link authentication failed: ${reason}`)
  }
}

/** Link settings that cannot work (a malformed peers or key file, a link exposed without credentials). */
export class LinkConfigError extends RtevmError {
  override name = 'LinkConfigError'
  constructor(message: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.InvalidConfig, message, options)
  }
}

/** Wraps anything thrown into an `RtevmError`, keeping RtevmErrors as they are. */
export function toRtevmError(error: unknown): RtevmError {
  if (error instanceof RtevmError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new RtevmError(ErrorCode.Internal, message, { cause: error })
}
