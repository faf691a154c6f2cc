import type { HttpRequest, HttpResponse } from 'uWebSockets.js'

/** Who may read answers from a browser: `*` (any page, the devnet's default) or a list of origins. */
export type CorsPolicy = {
  /**
   * The Access-Control-Allow-Origin for this request: `*`, the request's own
   * Origin when it is on the list, or `undefined` (no header: the browser
   * hides the answer). Reads `req`, so call it inside the uWS handler.
   */
  allowOrigin(req: HttpRequest): string | undefined
}

/** `corsOrigin` is `*` or comma-separated origins (`https://app.example.com,https://admin.example.com`). */
export function createCorsPolicy(corsOrigin: string): CorsPolicy {
  const origins = new Set(
    corsOrigin
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
  )
  if (origins.has('*') || origins.size === 0) return { allowOrigin: () => '*' }
  return {
    allowOrigin(req) {
      const origin = req.getHeader('origin')
      return origins.has(origin) ? origin : undefined
    },
  }
}

/**
 * Writes the CORS headers every response carries, so browser dapps (wagmi in
 * a page on another port) can read JSON-RPC answers. Must run inside a cork,
 * after `writeStatus`.
 */
export function writeCorsHeaders(res: HttpResponse, allowOrigin: string | undefined): void {
  if (allowOrigin !== undefined) res.writeHeader('Access-Control-Allow-Origin', allowOrigin)
  // An origin list's answer depends on the request's Origin; caches must know.
  if (allowOrigin !== '*') res.writeHeader('Vary', 'Origin')
}

/**
 * Answers a CORS preflight. The requested headers are echoed (bounded)
 * because wallets add their own (e.g. `x-client-version`) and a fixed list
 * would break them.
 */
export function answerPreflight(
  res: HttpResponse,
  allowOrigin: string | undefined,
  requestedHeaders: string,
): void {
  const headers = requestedHeaders && requestedHeaders.length <= 1024 ? requestedHeaders : 'content-type'
  res.cork(() => {
    res.writeStatus('204 No Content')
    writeCorsHeaders(res, allowOrigin)
    res.writeHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
    res.writeHeader('Access-Control-Allow-Headers', headers)
    res.writeHeader('Access-Control-Max-Age', '86400')
    res.end()
  })
}
