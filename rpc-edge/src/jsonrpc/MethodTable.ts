import type { ConnectionSubscriptions } from './ConnectionSubscriptions.ts'
import type { ParamsOf, ParamsSpec } from './Param.ts'

/** What a handler knows about the call besides its params. */
export type RequestContext<C = unknown> = {
  /** The application context given to `createRpcServer` (chain capabilities, config). */
  context: C
  transport: 'http' | 'ws'
  /** The caller's subscriptions; present only on WebSocket connections. */
  subscriptions?: ConnectionSubscriptions
  /** When the request reached this process (`wallClockMs()`), for per-hop latency. */
  receivedAt: number
  /** Runs `callback` right after the transport has written this call's answer (tracing). */
  afterReply(callback: () => void): void
  /**
   * True while this call's batch holds the chain snapshot (`SnapshotHold`): the call must
   * answer from the state as it is on this thread (an offloaded read runs in-thread).
   */
  heldSnapshot?: boolean
}

/**
 * One JSON-RPC method: its positional params and a handler returning a
 * JSON-ready result (hex strings, not bigints). Declared with method syntax so
 * a handler over a precise tuple fits the table's erased signature.
 */
export type Method<C = unknown> = {
  params: ParamsSpec
  handler(params: readonly unknown[], ctx: RequestContext<C>): unknown
}

/** Method name → method. Knows nothing of HTTP, WebSocket or uWS. */
export type MethodTable<C = unknown> = Record<string, Method<C>>

/**
 * Builds a `Method` whose handler sees typed params: `method([address(),
 * blockTag()], ([who, tag], ctx) => ...)`.
 */
export function method<const S extends ParamsSpec, C = unknown>(
  params: S,
  handler: (params: ParamsOf<S>, ctx: RequestContext<C>) => unknown,
): Method<C> {
  return { params, handler: handler as Method<C>['handler'] }
}
