import type { RtevmError } from '@rtevm/protocol'

/**
 * Who is calling, as far as limits go: one per WebSocket connection (kept for
 * its life) or per HTTP request. Mutable counters, so admission allocates nothing.
 */
export type CallClient = {
  /** The client's address, or its API key when `keyed`. */
  readonly key: string
  /** True when `key` is an API key (its own limits), false when it is the remote IP. */
  readonly keyed: boolean
  /** Calls of this connection (or HTTP request) whose answers are still pending. */
  inFlight: number
  /** Calls admitted so far. */
  admitted: number
  /** The longest retry hint given to a refused call, ms; 0 while none was refused. */
  retryAfterMs: number
}

/** A new client record with zeroed counters. */
export function callClient(key: string, keyed: boolean): CallClient {
  return { key, keyed, inFlight: 0, admitted: 0, retryAfterMs: 0 }
}

/**
 * Consulted by the dispatcher before each call (each entry of a batch):
 * `undefined` runs it, an error answers it instead. Knows nothing of transports.
 */
export type CallGate = {
  admit(method: string, params: unknown, client: CallClient): RtevmError | undefined
}
