import uWS, { type WebSocket, type WebSocketBehavior } from 'uWebSockets.js'
import { wallClockMs } from '@rtevm/protocol'
import { closeReason } from '@rtevm/protocol/websocket'
import type { RpcConfig } from '../config/index.ts'
import {
  type CallSource,
  type ConnectionSubscriptions,
  type Dispatcher,
  runAfterReply,
} from '../jsonrpc/index.ts'
import type { RpcMetrics } from '../metrics/index.ts'
import type { SubscriptionRegistry } from '../subscriptions/index.ts'
import { RpcCloseCode } from './closeCodes.ts'

/** Per-socket state uWS carries for us. */
export type WsData = { ip: string; closed: boolean; subscriptions?: ConnectionSubscriptions }
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
}

// uWS drops (skips) a publish to a socket over its own maxBackpressure, a silent
// gap. Our own limit closes the socket with a reason first; uWS's sits far
// above it and, with closeOnBackpressureLimit, turns a drop that still happens into a close.
const UWS_HEADROOM = 64 * 1024 * 1024
const UWS_MAX = 2 ** 31 - 1

/**
 * JSON-RPC over WebSocket: each text (or binary) frame is a JSON-RPC payload,
 * answered on the same socket; `eth_subscribe` notifications arrive through
 * uWS topics. Enforces the per-IP connection limit at upgrade.
 */
export function createWsBehavior(deps: WsDeps): WebSocketBehavior<WsData> {
  const { config, dispatcher, registry, metrics, sockets, isClosing } = deps
  const perIp = new Map<string, number>()

  return {
    compression: uWS.DISABLED,
    // uWS cuts a connection off abruptly (no close frame) past its own limit, so it
    // sits at twice ours: a message over our limit gets a proper 1009 with a
    // reason, and only a grossly oversized one is cut off mid-read.
    maxPayloadLength: Math.min(UWS_MAX, config.maxWsMessageBytes * 2),
    maxBackpressure: Math.min(UWS_MAX, config.maxWsBackpressureBytes * 2 + UWS_HEADROOM),
    closeOnBackpressureLimit: 1,
    idleTimeout: config.wsIdleTimeoutSeconds,
    sendPingsAutomatically: true,
    upgrade(res, req, context) {
      const ip = Buffer.from(res.getRemoteAddressAsText()).toString('utf8')
      if (isClosing()) {
        res.writeStatus('503 Service Unavailable').end('shutting down', true)
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
      const data: WsData = { ip, closed: false }
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
      })
      sockets.add(ws)
    },
    message(ws, message) {
      const receivedAt = wallClockMs()
      const data = ws.getUserData()
      if (message.byteLength > config.maxWsMessageBytes) {
        metrics.onRejected('ws_message_too_large')
        const reason = `message of ${message.byteLength} bytes exceeds the limit of ${config.maxWsMessageBytes}`
        ws.end(RpcCloseCode.MessageTooBig, closeReason(reason))
        return
      }
      // Decoded now: uWS neuters `message` when this callback returns.
      const text = Buffer.from(message).toString('utf8')
      const source: CallSource = { transport: 'ws', subscriptions: data.subscriptions, receivedAt }
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
    close(ws) {
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
 * Closes a socket whose unsent backlog passed `limit`. The close frame (with
 * its reason) is queued behind the backlog: the client sees it only if it
 * resumes reading; uWS runs our close handler at once, freeing its state.
 */
export function dropIfSlow(ws: RpcSocket, limit: number, metrics: RpcMetrics): boolean {
  const buffered = ws.getBufferedAmount()
  if (buffered <= limit) return false
  metrics.onRejected('slow_consumer')
  ws.end(RpcCloseCode.SlowConsumer, closeReason(`slow consumer: ${buffered} bytes unsent, limit ${limit}`))
  return true
}

/** Checks every socket: publishes go through topics, so they are not checked one by one. */
export function sweepBackpressure(sockets: Set<RpcSocket>, limit: number, metrics: RpcMetrics): void {
  // A copy: closing runs the close handler, which edits the set.
  for (const ws of [...sockets]) dropIfSlow(ws, limit, metrics)
}
