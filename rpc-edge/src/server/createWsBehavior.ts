import uWS, { type WebSocket, type WebSocketBehavior } from 'uWebSockets.js'
import { wallClockMs } from '@rtevm/protocol'
import { closeReason } from '@rtevm/protocol/websocket'
import type { RpcConfig } from '../config/index.ts'
import { InvalidRequestError, toJsonRpcError } from '../errors/index.ts'
import { type CallClient, type CallSource, type Dispatcher, runAfterReply } from '../jsonrpc/index.ts'
import type { RpcMetrics } from '../metrics/index.ts'
import type { SubscriberConnection, SubscriptionRegistry } from '../subscriptions/index.ts'
import { RpcCloseCode } from './closeCodes.ts'
import { identifyClient, remoteIp } from './identifyClient.ts'

/** Per-socket state uWS carries for us. */
export type WsData = {
  ip: string
  closed: boolean
  subscriptions?: SubscriberConnection
  /** Who the connection is for the per-client limits; its `inFlight` counts the connection's pending calls. */
  client: CallClient
}
export type RpcSocket = WebSocket<WsData>

/** Dependencies and shared state of the WebSocket route. */
export type WsDeps = {
  config: RpcConfig
  dispatcher: Dispatcher
  registry: SubscriptionRegistry
  metrics: RpcMetrics
  /** Open sockets; the server's backpressure sweep and close() walk it. */
  sockets: Set<RpcSocket>
  isClosing: () => boolean
  /** Accepted API keys (`config.apiKeys`); an unknown one is refused at upgrade with 401. */
  apiKeys: ReadonlySet<string>
}

// uWS drops (skips) a publish to a socket over its own maxBackpressure, a silent
// gap. Our own limit closes the socket with a reason first; uWS's sits far
// above it and, with closeOnBackpressureLimit, turns a drop that still happens into a close.
const UWS_HEADROOM = 64 * 1024 * 1024
const UWS_MAX = 2 ** 31 - 1

/**
 * uWS buffers a whole message before handing it over, and past its own
 * `maxPayloadLength` it drops the connection with no close frame (the client
 * sees 1006). So its limit sits at a multiple of ours: a message over our
 * limit but under this cap is answered with a JSON-RPC error on the open
 * socket; only a grossly oversized one is cut off, as soon as its frame header
 * says so, before anything is buffered.
 */
const HARD_CAP_FACTOR = 4
/** The reason uWS gives our close handler (and only it) when it cuts a message off at the hard cap. */
const UWS_TOO_BIG = 'Received too big message'

function hardMessageCap(limit: number): number {
  return Math.min(UWS_MAX, limit * HARD_CAP_FACTOR)
}

/**
 * JSON-RPC over WebSocket: each text (or binary) frame is a JSON-RPC payload,
 * answered on the same socket; `eth_subscribe` notifications arrive through
 * uWS topics. Enforces the per-IP connection limit at upgrade.
 */
export function createWsBehavior(deps: WsDeps): WebSocketBehavior<WsData> {
  const { config, dispatcher, registry, metrics, sockets, isClosing, apiKeys } = deps
  const perIp = new Map<string, number>()

  return {
    compression: uWS.DISABLED,
    maxPayloadLength: hardMessageCap(config.maxWsMessageBytes),
    maxBackpressure: Math.min(UWS_MAX, config.maxWsBackpressureBytes * 2 + UWS_HEADROOM),
    closeOnBackpressureLimit: 1,
    idleTimeout: config.wsIdleTimeoutSeconds,
    sendPingsAutomatically: true,
    upgrade(res, req, context) {
      const ip = remoteIp(res)
      if (isClosing()) {
        res.writeStatus('503 Service Unavailable').end('shutting down', true)
        return
      }
      const client = identifyClient(req, ip, apiKeys)
      if (client === undefined) {
        metrics.onRejected('unknown_api_key')
        res.writeStatus('401 Unauthorized').end('unknown API key', true)
        return
      }
      const open = perIp.get(ip) ?? 0
      if (open >= config.maxConnectionsPerIp) {
        metrics.onRejected('ip_limit')
        res
          .writeStatus('429 Too Many Requests')
          .end(`${open} WebSocket connections from ${ip}, limit ${config.maxConnectionsPerIp}`, true)
        return
      }
      // Counted in open(), which uWS runs inside this synchronous upgrade, so a
      // burst cannot slip past the check, and a failed upgrade leaks no count.
      const data: WsData = { ip, closed: false, client }
      res.upgrade(
        data,
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      )
    },
    open(ws) {
      const data = ws.getUserData()
      perIp.set(data.ip, (perIp.get(data.ip) ?? 0) + 1)
      data.subscriptions = registry.connect({
        subscribe: (topic) => ws.subscribe(topic),
        unsubscribe: (topic) => ws.unsubscribe(topic),
        // A replay: the sweep drops the socket if it cannot keep up, as for published notifications.
        send: (message) => void ws.send(message, false),
      })
      sockets.add(ws)
    },
    message(ws, message) {
      const receivedAt = wallClockMs()
      const data = ws.getUserData()
      if (message.byteLength > config.maxWsMessageBytes) {
        // Answered, not disconnected: the client learns the limit and keeps its subscriptions.
        metrics.onRejected('ws_message_too_large')
        const error = new InvalidRequestError(
          `message of ${message.byteLength} bytes exceeds the limit of ${config.maxWsMessageBytes} bytes`,
        )
        ws.cork(() =>
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: toJsonRpcError(error) }), false),
        )
        dropIfSlow(ws, config.maxWsBackpressureBytes, metrics)
        return
      }
      // Decoded now: uWS neuters `message` when this callback returns.
      const text = Buffer.from(message).toString('utf8')
      const source: CallSource = {
        transport: 'ws',
        subscriptions: data.subscriptions,
        receivedAt,
        client: data.client,
      }
      const reply = (out: string | undefined) => {
        if (out === undefined || data.closed) return
        ws.cork(() => ws.send(out, false))
        runAfterReply(source)
        dropIfSlow(ws, config.maxWsBackpressureBytes, metrics)
      }
      const answer = dispatcher.handle(text, source)
      if (answer instanceof Promise) answer.then(reply)
      else reply(answer)
    },
    drain(ws) {
      // A connection that fell behind catches up (one coalesced frame per subscription) once this drops.
      ws.getUserData().subscriptions?.backlog(ws.getBufferedAmount())
    },
    close(ws, code, message) {
      // uWS's own cut-off past the hard cap: the client sees only 1006, so it is at least counted.
      if (code === 1006 && Buffer.from(message).toString('utf8') === UWS_TOO_BIG) {
        metrics.onRejected('ws_message_too_large')
      }
      const data = ws.getUserData()
      data.closed = true
      data.subscriptions?.clear()
      sockets.delete(ws)
      const left = (perIp.get(data.ip) ?? 1) - 1
      if (left <= 0) perIp.delete(data.ip)
      else perIp.set(data.ip, left)
    },
  }
}

/**
 * Closes a socket whose backlog passed `limit`: its unsent bytes, plus the
 * notifications held for it since it fell behind (past a quarter of the limit
 * its mini-block streams switch to coalesced frames, see the registry). The
 * close frame (with its reason) is queued behind the backlog: the client sees
 * it only if it resumes reading; uWS runs our close handler at once, freeing
 * its state.
 */
export function dropIfSlow(ws: RpcSocket, limit: number, metrics: RpcMetrics): boolean {
  const unsent = ws.getBufferedAmount()
  const backlog = ws.getUserData().subscriptions?.backlog(unsent) ?? unsent
  if (backlog <= limit) return false
  metrics.onRejected('slow_consumer')
  ws.end(RpcCloseCode.SlowConsumer, closeReason(`slow consumer: ${backlog} bytes unsent, limit ${limit}`))
  return true
}

/** Checks every socket: publishes go through topics, so they are not checked one by one. */
export function sweepBackpressure(sockets: Set<RpcSocket>, limit: number, metrics: RpcMetrics): void {
  // Closing runs the close handler, which edits the set: the slow ones are closed after the walk.
  const slow: RpcSocket[] = []
  for (const ws of sockets) if (isSlow(ws, limit)) slow.push(ws)
  for (const ws of slow) dropIfSlow(ws, limit, metrics)
}

function isSlow(ws: RpcSocket, limit: number): boolean {
  const unsent = ws.getBufferedAmount()
  return (ws.getUserData().subscriptions?.backlog(unsent) ?? unsent) > limit
}
