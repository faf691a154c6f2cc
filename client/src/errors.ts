import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol/errors'

/** Stable codes of the client's errors, what a caller may match on. */
export type RealtimeClientErrorCode =
  | 'CLIENT_RPC_ERROR'
  | 'CLIENT_SOCKET_CLOSED'
  | 'CLIENT_QUEUE_FULL'
  | 'CLIENT_TIMEOUT'
  | 'CLIENT_RESUME_FAILED'
  | 'CLIENT_BAD_PAYLOAD'
  | 'CLIENT_TRANSPORT_REQUIRED'
  | 'CLIENT_NO_CLIENT'

/** Base class of every error `@rtevm/client` throws. */
export class RealtimeClientError extends RtevmError {
  override name = 'RealtimeClientError'
  declare readonly code: RealtimeClientErrorCode
  constructor(code: RealtimeClientErrorCode, shortMessage: string, options: RtevmErrorOptions = {}) {
    super(code, shortMessage, options)
  }
}

/** A JSON-RPC error answer, with its numeric code and `data` (revert bytes, a transaction hash, a limit). */
export class RealtimeRpcError extends RealtimeClientError {
  override name = 'RealtimeRpcError'
  readonly rpcCode: number
  readonly rpcMessage: string
  constructor(method: string, rpcCode: number, rpcMessage: string, data: unknown) {
    super('CLIENT_RPC_ERROR', `${method}: ${rpcMessage}`, { data, details: `JSON-RPC error ${rpcCode}` })
    this.rpcCode = rpcCode
    this.rpcMessage = rpcMessage
  }
}

/** The socket closed before the answer came (retryable: the socket reconnects by itself). */
export class SocketClosedError extends RealtimeClientError {
  override name = 'SocketClosedError'
  constructor(url: string) {
    super('CLIENT_SOCKET_CLOSED', `the socket to ${url} closed`, { retryable: true })
  }
}

/** A bound was reached: requests in flight or subscriptions on one socket. */
export class QueueFullError extends RealtimeClientError {
  override name = 'QueueFullError'
  constructor(what: string, limit: number) {
    super('CLIENT_QUEUE_FULL', `more than ${limit} ${what}`, { retryable: true })
  }
}

/** No answer within the time given. */
export class RequestTimeoutError extends RealtimeClientError {
  override name = 'RequestTimeoutError'
  constructor(method: string, timeoutMs: number) {
    super('CLIENT_TIMEOUT', `${method}: no answer within ${timeoutMs} ms`, { retryable: true })
  }
}

/**
 * A stream could not resume where it stopped (the server keeps no history that old, or does not
 * take `fromMiniBlock`): it continues live, and what happened in between may be missing.
 */
export class ResumeFailedError extends RealtimeClientError {
  override name = 'ResumeFailedError'
  constructor(fromMiniBlock: bigint, cause: unknown) {
    super('CLIENT_RESUME_FAILED', `could not resume the stream from mini-block ${fromMiniBlock}`, {
      cause,
      details: 'the stream continues live; notifications in between may be missing',
    })
  }
}

/** A notification or answer did not have the documented shape. */
export class BadPayloadError extends RealtimeClientError {
  override name = 'BadPayloadError'
  constructor(what: string, value: unknown) {
    super('CLIENT_BAD_PAYLOAD', `${what} has an unexpected shape`, {
      details: JSON.stringify(value)?.slice(0, 200),
    })
  }
}

/** The action needs a socket: a client on the `realtime` transport (or viem's `webSocket`). */
export class TransportRequiredError extends RealtimeClientError {
  override name = 'TransportRequiredError'
  constructor(action: string, transport: string) {
    super('CLIENT_TRANSPORT_REQUIRED', `${action} needs the realtime (WebSocket) transport, not ${transport}`)
  }
}
