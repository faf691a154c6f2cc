import type { HttpRequest, HttpResponse } from 'uWebSockets.js'
import { type CallClient, callClient } from '../jsonrpc/index.ts'

/** The header a client names its API key in; `?key=` in the URL works too (browsers' WebSockets cannot set headers). */
export const API_KEY_HEADER = 'x-api-key'

/**
 * Who a request is, for the per-client limits: its API key when it names
 * one this edge accepts, else its remote IP. `undefined` for a key the edge
 * does not know (answered 401). With no keys configured, keys are ignored.
 * Reads `req`, so call it inside the uWS handler.
 */
export function identifyClient(
  req: HttpRequest,
  ip: string,
  apiKeys: ReadonlySet<string>,
): CallClient | undefined {
  if (apiKeys.size > 0) {
    const key = req.getHeader(API_KEY_HEADER) || req.getQuery('key') || ''
    if (key !== '') return apiKeys.has(key) ? callClient(key, true) : undefined
  }
  return callClient(ip, false)
}

/** The peer's address as text (IPv6 in full form). */
export function remoteIp(res: HttpResponse): string {
  return Buffer.from(res.getRemoteAddressAsText()).toString('utf8')
}
