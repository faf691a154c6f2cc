import uWS from 'uWebSockets.js'
import { defineRpcConfig, type RpcConfig, type RpcConfigInput } from '../config/index.ts'
import { ListenError } from '../errors/index.ts'
import { createDispatcher, type MethodTable, type SnapshotHold } from '../jsonrpc/index.ts'
import { createClientLimiter, type MethodCost } from '../limits/index.ts'
import { createRpcMetrics, type RpcMetrics } from '../metrics/index.ts'
import {
  createSubscriptionMethods,
  createSubscriptionRegistry,
  defaultSubscriptionKinds,
  type SubscriptionKinds,
  type SubscriptionRegistry,
  type SubscriptionReplay,
} from '../subscriptions/index.ts'
import { RpcCloseCode } from './closeCodes.ts'
import { answerPreflight, createCorsPolicy, writeCorsHeaders } from './cors.ts'
import { createStatusApp, type HealthReport } from './createStatusApp.ts'
import { createWsBehavior, type RpcSocket, sweepBackpressure } from './createWsBehavior.ts'
import { serveFetch } from './fetchBridge.ts'
import { createHttpRpcHandler } from './handleHttpRpc.ts'

/** Unsent bytes past which a connection's mini-block streams switch to coalesced frames (see the registry). */
const COALESCE_AT_BYTES = 64 * 1024
/** How long close() lets WebSocket close frames flush before force-closing every connection. */
const CLOSE_GRACE_MS = 50
/** How often the per-client buckets of idle clients are dropped. */
const RATE_SWEEP_MS = 10_000

export type RpcServerOptions<C> = {
  /** Partial config; defaults from `defaultRpcConfig`. */
  config?: RpcConfigInput | RpcConfig
  /** The JSON-RPC methods; `eth_subscribe`/`eth_unsubscribe` are added unless present. */
  methods: MethodTable<C>
  /** Passed to every handler as `ctx.context`. */
  context: C
  /** `eth_subscribe` kinds; defaults to the DESIGN.md names. */
  subscriptionKinds?: SubscriptionKinds
  /** History behind `eth_subscribe(kind, { fromMiniBlock })`; without it resuming is refused. */
  subscriptionReplay?: SubscriptionReplay
  /** Health for `/health` beyond liveness (the edge's lag); defaults to always healthy. */
  health?: () => HealthReport
  /** Readiness for `/ready` (e.g. the replica caught up). Defaults to always ready. */
  ready?: () => boolean
  /** Errors that are bugs (a handler threw a non-RtevmError), for logs. */
  onInternalError?: (error: unknown) => void
  /** Holds one chain snapshot while a batch runs (the edge's replica); without it batches are not held. */
  snapshot?: SnapshotHold
  /** What each call costs against its client's rate limit; 1 for every call unless given (the edge prices eth_call, getLogs, traces). */
  costOf?: MethodCost
  /** More Prometheus families for /metrics (the edge's per-hop histograms), rendered at scrape time. */
  extraMetrics?: () => string
  /**
   * Binds `app` to `host:port` alone, resolving with the listen socket or
   * false when the port is taken (node's `listenExclusive`, passed in by the
   * wiring so this adapter needs no node package).
   */
  listen: (app: uWS.TemplatedApp, host: string, port: number) => Promise<uWS.us_listen_socket | false>
}

export type RpcServer = {
  /** The bound port (the real one when `config.port` was 0). */
  readonly port: number
  /** `http://host:port` — JSON-RPC over HTTP POST. */
  readonly url: string
  /** `ws://host:port` — JSON-RPC over WebSocket, same port and path. */
  readonly wsUrl: string
  /** Where producers publish subscription events. */
  readonly subscriptions: SubscriptionRegistry
  readonly metrics: RpcMetrics
  /** Every method name served (eth_subscribe / eth_unsubscribe included), for tooling and tests that walk the table. */
  readonly methods: readonly string[]
  /** Open WebSocket connections. */
  connections(): number
  /** Stops listening, closes every WebSocket with 1001, then every HTTP connection. */
  close(): Promise<void>
}

/**
 * The edge's one port: JSON-RPC 2.0 over HTTP POST and WebSocket, CORS,
 * `/health` `/ready` `/metrics` (hono through a fetch bridge). The method
 * table knows nothing of uWS; this is the adapter.
 */
export async function createRpcServer<C>(options: RpcServerOptions<C>): Promise<RpcServer> {
  const config = defineRpcConfig(options.config)
  const app = uWS.App()
  const metrics = createRpcMetrics()
  const sockets = new Set<RpcSocket>()
  let closing = false

  const registry = createSubscriptionRegistry({
    kinds: options.subscriptionKinds ?? defaultSubscriptionKinds,
    bus: { publish: (topic, message) => app.publish(topic, message, false) },
    maxPerConnection: config.maxSubscriptionsPerConnection,
    replay: options.subscriptionReplay,
    // Half the socket's backpressure limit: a replay leaves room for the live stream behind it.
    maxReplayBytes: Math.floor(config.maxWsBackpressureBytes / 2),
    // uWS holds bytes only once the kernel's socket buffer is full: 64 KiB more already means the client is behind.
    coalesceAtBytes: Math.min(COALESCE_AT_BYTES, Math.floor(config.maxWsBackpressureBytes / 4)),
  })
  const methods: MethodTable<C> = { ...(createSubscriptionMethods() as MethodTable<C>), ...options.methods }
  const limiter = createClientLimiter({
    perIp: { ratePerSecond: config.requestsPerSecond, burst: config.requestBurst },
    perKey: { ratePerSecond: config.keyRequestsPerSecond, burst: config.keyRequestBurst },
    maxClients: config.maxRateClients,
    maxInFlight: config.maxInFlightPerConnection,
    costOf: options.costOf ?? (() => 1),
    onLimited: metrics.onLimited,
  })
  const apiKeys: ReadonlySet<string> = new Set(config.apiKeys)
  const dispatcher = createDispatcher({
    methods,
    context: options.context,
    maxBatch: config.maxBatch,
    onCall: metrics.onCall,
    gate: limiter,
    onInternalError: options.onInternalError,
    snapshot: options.snapshot,
  })
  const status = createStatusApp({
    metrics,
    gauges: { wsConnections: () => sockets.size, subscriptions: () => registry.count() },
    ready: options.ready ?? (() => true),
    health: options.health,
    extra: options.extraMetrics,
  })
  const cors = createCorsPolicy(config.corsOrigin)

  app.ws<import('./createWsBehavior.ts').WsData>(
    '/*',
    createWsBehavior({ config, dispatcher, registry, metrics, sockets, isClosing: () => closing, apiKeys }),
  )
  app.post('/*', createHttpRpcHandler({ config, dispatcher, metrics, cors, apiKeys }))
  app.options('/*', (res, req) =>
    answerPreflight(res, cors.allowOrigin(req), req.getHeader('access-control-request-headers')),
  )
  app.get('/*', (res, req) => {
    const allowOrigin = cors.allowOrigin(req)
    serveFetch(res, req, status.fetch, (out) => writeCorsHeaders(out, allowOrigin))
  })
  app.any('/*', (res, req) => {
    const allowOrigin = cors.allowOrigin(req)
    res.cork(() => {
      res.writeStatus('405 Method Not Allowed')
      writeCorsHeaders(res, allowOrigin)
      res.writeHeader('Allow', 'GET, POST, OPTIONS').end('use POST for JSON-RPC')
    })
  })

  const listenSocket = await options.listen(app, config.host, config.port)
  if (!listenSocket) throw new ListenError(config.host, config.port)
  const port = uWS.us_socket_local_port(listenSocket as uWS.us_socket)
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const sweep = setInterval(
    () => sweepBackpressure(sockets, config.maxWsBackpressureBytes, metrics),
    config.backpressureSweepMs,
  )
  sweep.unref()
  const rateSweep = setInterval(limiter.sweep, RATE_SWEEP_MS)
  rateSweep.unref()

  return {
    port,
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    subscriptions: registry,
    metrics,
    methods: Object.keys(methods),
    connections: () => sockets.size,
    async close() {
      if (closing) return
      closing = true
      clearInterval(sweep)
      clearInterval(rateSweep)
      uWS.us_listen_socket_close(listenSocket)
      // end() runs the close handler at once, which edits `sockets`.
      for (const ws of [...sockets]) ws.end(RpcCloseCode.GoingAway, 'server shutting down')
      // Give the close frames a moment to flush, then drop idle keep-alive HTTP
      // connections too. `close` exists on the native app but not in its typings.
      await new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS))
      ;(app as unknown as { close?: () => void }).close?.()
    },
  }
}
