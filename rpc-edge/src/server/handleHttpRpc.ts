import type { HttpRequest, HttpResponse } from 'uWebSockets.js'
import { wallClockMs } from '@rtevm/protocol'
import type { RpcConfig } from '../config/index.ts'
import { InvalidRequestError, toJsonRpcError } from '../errors/index.ts'
import { type CallSource, type Dispatcher, runAfterReply } from '../jsonrpc/index.ts'
import type { RpcMetrics } from '../metrics/index.ts'
import { type CorsPolicy, writeCorsHeaders } from './cors.ts'
import { identifyClient, remoteIp } from './identifyClient.ts'
import { readBody } from './readBody.ts'

/** Dependencies of the HTTP JSON-RPC route. */
export type HttpRpcDeps = {
  config: RpcConfig
  dispatcher: Dispatcher
  metrics: RpcMetrics
  cors: CorsPolicy
  /** Accepted API keys (`config.apiKeys`). */
  apiKeys: ReadonlySet<string>
}

/**
 * Returns the uWS handler for `POST /`: checks media type and size, reads the
 * body, dispatches, answers `application/json` (or 204 when the payload held
 * only notifications; 429 with Retry-After when a per-client limit refused
 * every call in it).
 */
export function createHttpRpcHandler({ config, dispatcher, metrics, cors, apiKeys }: HttpRpcDeps) {
  return (res: HttpResponse, req: HttpRequest): void => {
    const allowOrigin = cors.allowOrigin(req)
    const client = identifyClient(req, remoteIp(res), apiKeys)
    const source: CallSource = { transport: 'http', receivedAt: wallClockMs(), client }
    let aborted = false
    res.onAborted(() => {
      aborted = true
    })

    /** Writes one response; a closed connection is silently skipped. */
    const send = (status: string, body: string | undefined, close = false, retryAfterMs = 0) => {
      if (aborted) return
      aborted = true // a response is written once
      res.cork(() => {
        res.writeStatus(status)
        writeCorsHeaders(res, allowOrigin)
        if (retryAfterMs > 0) res.writeHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)))
        if (body === undefined) {
          res.end(undefined, close)
          return
        }
        res.writeHeader('Content-Type', 'application/json')
        res.end(body, close)
      })
    }
    const rejectWith = (status: string, error: InvalidRequestError) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: toJsonRpcError(error) })
      // Close: the rest of an unread body would otherwise be parsed as the next request.
      send(status, body, true)
    }

    if (client === undefined) {
      metrics.onRejected('unknown_api_key')
      rejectWith('401 Unauthorized', new InvalidRequestError('unknown API key'))
      return
    }
    const contentType = req.getHeader('content-type')
    // Absent is tolerated (curl -d without -H); anything else that is not JSON is a client bug.
    if (contentType !== '' && !contentType.includes('json')) {
      metrics.onRejected('unsupported_media_type')
      rejectWith(
        '415 Unsupported Media Type',
        new InvalidRequestError('content type must be application/json'),
      )
      return
    }
    // Refused before reading when the length is declared, as soon as the limit passes when it is
    // not (chunked); either way the rest is never read, and the answer is a JSON-RPC error.
    const declared = Number(req.getHeader('content-length') || 0)
    if (declared > config.maxBodyBytes) {
      metrics.onRejected('body_too_large')
      rejectWith('413 Payload Too Large', tooLarge(config.maxBodyBytes, declared))
      return
    }

    readBody(res, config.maxBodyBytes, (result) => {
      if (!result.ok) {
        metrics.onRejected('body_too_large')
        rejectWith('413 Payload Too Large', tooLarge(config.maxBodyBytes))
        return
      }
      const reply = (text: string | undefined) => {
        if (text === undefined) send('204 No Content', undefined)
        else if (client.admitted === 0 && client.retryAfterMs > 0)
          send('429 Too Many Requests', text, false, client.retryAfterMs)
        else send('200 OK', text)
        runAfterReply(source)
      }
      const answer = dispatcher.handle(result.text, source)
      if (answer instanceof Promise) answer.then(reply)
      else reply(answer)
    })
  }
}

/** Names the limit; the size only when the client declared it (a chunked body is not read to its end). */
function tooLarge(limit: number, declared?: number): InvalidRequestError {
  const body = declared === undefined ? 'request body' : `request body of ${declared} bytes`
  return new InvalidRequestError(`${body} exceeds the limit of ${limit} bytes`)
}
