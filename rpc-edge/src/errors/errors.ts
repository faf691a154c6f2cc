import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'
import { RpcErrorCode } from './RpcErrorCode.ts'

/** The request text is not JSON. */
export class ParseError extends RtevmError {
  override name = 'ParseError'
  constructor(options: RtevmErrorOptions = {}) {
    super(RpcErrorCode.ParseError, 'parse error: request is not valid JSON', options)
  }
}

/** JSON that is not a JSON-RPC 2.0 request object. */
export class InvalidRequestError extends RtevmError {
  override name = 'InvalidRequestError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(RpcErrorCode.InvalidRequest, `invalid request: ${reason}`, options)
  }
}

/** No handler under that method name. */
export class MethodNotFoundError extends RtevmError {
  override name = 'MethodNotFoundError'
  constructor(method: string) {
    // The name is echoed back cut short: it is client input and may be huge.
    const shown = method.length > 64 ? `${method.slice(0, 64)}…` : method
    super(RpcErrorCode.MethodNotFound, `the method ${shown} does not exist/is not available`)
  }
}

/** A parameter is missing, extra or of the wrong shape. */
export class InvalidParamsError extends RtevmError {
  override name = 'InvalidParamsError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(RpcErrorCode.InvalidParams, `invalid params: ${reason}`, options)
  }
}

/** A configured limit was hit; `retryable` because a smaller request may pass. */
export class LimitExceededError extends RtevmError {
  override name = 'LimitExceededError'
  constructor(what: string, size: number, limit: number) {
    super(RpcErrorCode.LimitExceeded, `${what} of ${size} exceeds the limit of ${limit}`, { retryable: true })
  }
}

/** A filter id this edge does not hold: never installed, uninstalled, or expired unpolled. */
export class FilterNotFoundError extends RtevmError {
  override name = 'FilterNotFoundError'
  constructor(id: string) {
    super(RpcErrorCode.FilterNotFound, 'filter not found', {
      details: `no filter with id ${id.slice(0, 66)}`,
    })
  }
}

/** A config value the server cannot run with. */
export class InvalidConfigError extends RtevmError {
  override name = 'InvalidConfigError'
  constructor(reason: string) {
    super(RpcErrorCode.InvalidConfig, `invalid rpc config: ${reason}`)
  }
}

/** uWS could not bind the host and port (in use, no permission). */
export class ListenError extends RtevmError {
  override name = 'ListenError'
  constructor(host: string, port: number) {
    super(RpcErrorCode.ListenFailed, `cannot listen on ${host}:${port}`, {
      details: 'the port is in use or the address is not available',
    })
  }
}

/** Which per-client limit refused a call: its token bucket (a plain or an expensive call), or its connection's concurrency. */
export type ClientLimit = 'rate' | 'cost' | 'concurrency'

/** A per-client limit refused the call; `data` says when a retry can pass. */
export class RateLimitedError extends RtevmError {
  override name = 'RateLimitedError'
  constructor(limit: ClientLimit, retryAfterMs: number, reason: string) {
    super(RpcErrorCode.LimitExceeded, `limit exceeded: ${reason}`, {
      retryable: true,
      data: { limit, retryAfterMs },
    })
  }
}
