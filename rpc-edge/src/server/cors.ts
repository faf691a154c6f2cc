import type { HttpResponse } from 'uWebSockets.js'

/**
 * Writes the CORS headers every response carries, so browser dapps (wagmi in
 * a page on another port) can read JSON-RPC answers. Must run inside a cork,
 * after `writeStatus`.
 */
export function writeCorsHeaders(res: HttpResponse, origin: string): void {
  res.writeHeader('Access-Control-Allow-Origin', origin)
  // A fixed origin list answer depends on the request's Origin; caches must know.
  if (origin !== '*') res.writeHeader('Vary', 'Origin')
}

/**
 * Answers a CORS preflight. The requested headers are echoed (bounded)
 * because wallets add their own (e.g. `x-client-version`) and a fixed list
 * would break them.
 */
export function answerPreflight(res: HttpResponse, origin: string, requestedHeaders: string): void {
  const headers = requestedHeaders && requestedHeaders.length <= 1024 ? requestedHeaders : 'content-type'
  res.cork(() => {
    res.writeStatus('204 No Content')
    writeCorsHeaders(res, origin)
    res.writeHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
    res.writeHeader('Access-Control-Allow-Headers', headers)
    res.writeHeader('Access-Control-Max-Age', '86400')
    res.end()
  })
}
