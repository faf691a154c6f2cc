import type { HttpRequest, HttpResponse } from 'uWebSockets.js'

/** A fetch-style handler, as a hono app's `fetch` is. */
export type FetchHandler = (request: Request) => Response | Promise<Response>

/** Response headers uWS writes itself; copying them from a `Response` would duplicate them. */
const SKIPPED = new Set(['content-length', 'transfer-encoding', 'connection'])

/**
 * Serves one bodiless request (GET/HEAD) through a fetch handler. Everything
 * needed from `req` is read synchronously: uWS frees it when this returns.
 * `extraHeaders` are added to the response (CORS).
 */
export function serveFetch(
  res: HttpResponse,
  req: HttpRequest,
  fetch: FetchHandler,
  extraHeaders: (res: HttpResponse) => void,
): void {
  let aborted = false
  res.onAborted(() => {
    aborted = true
  })
  const method = req.getCaseSensitiveMethod()
  const query = req.getQuery()
  const headers = new Headers()
  req.forEach((key, value) => {
    headers.append(key, value)
  })
  let request: Request
  try {
    // The Host header is client input; a fixed origin keeps URL parsing total.
    request = new Request(`http://edge${req.getUrl()}${query ? `?${query}` : ''}`, { method, headers })
  } catch {
    res.cork(() => res.writeStatus('400 Bad Request').end('bad request'))
    return
  }
  const reply = async () => {
    const response = await fetch(request)
    const body = new Uint8Array(await response.arrayBuffer())
    if (aborted) return
    res.cork(() => {
      res.writeStatus(`${response.status} ${response.statusText || 'Status'}`)
      response.headers.forEach((value, key) => {
        if (!SKIPPED.has(key)) res.writeHeader(key, value)
      })
      extraHeaders(res)
      res.end(body)
    })
  }
  reply().catch(() => {
    if (!aborted) res.cork(() => res.writeStatus('500 Internal Server Error').end('internal error'))
  })
}
