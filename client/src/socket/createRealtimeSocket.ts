import {
  QueueFullError,
  RealtimeRpcError,
  RequestTimeoutError,
  ResumeFailedError,
  SocketClosedError,
  TransportRequiredError,
} from '../errors.ts'
import { createStallDetector, type StallDetector } from './createStallDetector.ts'
import { advance, miniBlockOf, type ResumePoint, resumeParams } from './resumePoint.ts'

/** One `eth_subscription` notification: its result and the mini-block it comes from (rtevm tags each). */
export type Notification = { subscription: string; miniBlock: bigint | undefined; result: unknown }

export type SubscribeOptions = {
  /** Errors of this subscription: a refused `eth_subscribe`, a resume that could not be done. */
  onError?: (error: Error) => void
  /** Start from this mini-block (replayed from the edge's history), then live. */
  fromMiniBlock?: bigint
  /** Resume after a reconnect from the last mini-block seen (default true). */
  resume?: boolean
}

export type RpcCall = { method: string; params?: readonly unknown[] }

/**
 * One WebSocket to a realtime JSON-RPC server carrying requests and subscriptions: a request is
 * one frame out and one back, notifications arrive on the same socket, nothing polls. It
 * reconnects by itself and resubscribes each subscription from where it stopped.
 */
export type RealtimeSocket = {
  readonly url: string
  request<T = unknown>(
    method: string,
    params?: readonly unknown[],
    options?: { timeoutMs?: number },
  ): Promise<T>
  /** Calls as one JSON-RPC batch frame; results in order, or the first error. */
  batch(calls: readonly RpcCall[]): Promise<unknown[]>
  /** `eth_subscribe(params)`; returns the unsubscribe function. */
  subscribe(
    params: readonly unknown[],
    onResult: (result: unknown, notification: Notification) => void,
    options?: SubscribeOptions,
  ): () => void
  /** Called with `true` on (re)connect and `false` on close; at once with `true` if open. */
  onStatus(listener: (open: boolean) => void): () => void
  /** Drops the connection and reconnects (what the stall detector does). */
  reconnect(): void
  close(): void
}

/** A WebSocket class: the browser's, or `ws` in Node (which has none before Node 22). */
export type WebSocketConstructor = new (url: string) => WebSocket

export type RealtimeSocketOptions = {
  /** `ws://` or `wss://` (an `http(s)://` URL is turned into one: rtevm serves both on one port). */
  url: string
  WebSocket?: WebSocketConstructor
  /** Requests waiting for an answer (or for the socket to open) before new ones fail. */
  maxInFlight?: number
  maxSubscriptions?: number
  /** First reconnect delay, doubled on each failed attempt up to `maxReconnectDelayMs`. */
  reconnectDelayMs?: number
  maxReconnectDelayMs?: number
  /** Fail a request unanswered for this long (default: wait while the socket stays open). */
  requestTimeoutMs?: number
  /** Open on first use, and stay closed while nothing is wanted (default: open at once). */
  lazy?: boolean
  /**
   * Stall detection on rtevm's `heartbeats`: silent for `intervals` × `intervalMs` and then
   * unanswered → reconnect and resume. Off against a server without heartbeats (MegaETH).
   */
  heartbeat?: false | { intervalMs?: number; intervals?: number }
}

type Pending = {
  method: string
  /** Runs as the answer is read, before any later frame: a subscription id must be known before its first notification. */
  onAnswer?: (result: unknown) => void
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  timer?: ReturnType<typeof setTimeout>
}
type Entry = {
  params: readonly unknown[]
  onResult: (result: unknown, notification: Notification) => void
  options: SubscribeOptions
  id?: string
  point?: ResumePoint
  /** Notifications at `point.miniBlock` a resumed subscription drops: it delivered them before. */
  skip: number
}
type Frame = {
  id?: number
  result?: unknown
  error?: { code: number; message: string; data?: unknown }
  method?: string
  params?: { subscription: string; miniBlock?: unknown; coalesced?: unknown; result: unknown }
}

export function createRealtimeSocket(options: RealtimeSocketOptions): RealtimeSocket {
  const url = options.url.replace(/^http(s?):/, 'ws$1:')
  const Socket = options.WebSocket ?? globalThis.WebSocket
  if (!Socket)
    throw new TransportRequiredError('createRealtimeSocket', 'a runtime without WebSocket (pass `WebSocket`)')
  const { maxInFlight = 8_192, maxSubscriptions = 64, requestTimeoutMs } = options
  const { reconnectDelayMs = 250, maxReconnectDelayMs = 3_000, lazy = false } = options
  const heartbeat =
    options.heartbeat === false ? undefined : { intervalMs: 1_000, intervals: 3, ...options.heartbeat }

  let ws: WebSocket | undefined
  let open = false
  let closed = false
  let retries = 0
  let nextId = 1
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined
  let heartbeatId: string | undefined
  let heartbeatsRefused = false
  let stall: StallDetector | undefined
  const pending = new Map<number, Pending>()
  // Frames written before the socket opened; bounded by maxInFlight through `pending`.
  const outbox: string[] = []
  const entries = new Set<Entry>()
  const byId = new Map<string, Entry>()
  const statusListeners = new Set<(open: boolean) => void>()

  function connect(): void {
    if (closed || ws) return
    const socket = new Socket(url)
    ws = socket
    socket.onopen = () => {
      open = true
      retries = 0
      for (const frame of outbox.splice(0)) socket.send(frame)
      for (const entry of entries) void activate(entry)
      startHeartbeats()
      for (const listener of statusListeners) listener(true)
    }
    socket.onmessage = (event) => {
      stall?.touch()
      if (typeof event.data === 'string') onFrame(event.data)
    }
    // A failed socket closes next: the close handler does the work (and Node's `ws` throws on an unhandled error).
    socket.onerror = () => {}
    socket.onclose = () => dropped(socket, Math.min(reconnectDelayMs * 2 ** retries++, maxReconnectDelayMs))
  }

  /** Fails what waited on `socket`, forgets its subscription ids, and reconnects after `delayMs`. */
  function dropped(socket: WebSocket, delayMs: number): void {
    if (ws !== socket) return
    ws = undefined
    open = false
    stall?.stop()
    stall = undefined
    heartbeatId = undefined
    byId.clear()
    for (const entry of entries) entry.id = undefined
    const error = new SocketClosedError(url)
    // Their requests fail below; a later connection must not send them behind the caller's back.
    outbox.length = 0
    for (const [id, request] of pending) {
      pending.delete(id)
      clearTimeout(request.timer)
      request.reject(error)
    }
    for (const listener of statusListeners) listener(false)
    if (closed || (lazy && entries.size === 0)) return
    reconnectTimer = setTimeout(connect, delayMs)
  }

  function onFrame(text: string): void {
    let message: Frame | Frame[]
    try {
      message = JSON.parse(text) as Frame | Frame[]
    } catch {
      return
    }
    if (Array.isArray(message)) {
      for (const reply of message) answer(reply)
      return
    }
    if (message.method === 'eth_subscription' && message.params) unpack(message.params)
    else answer(message)
  }

  /**
   * A coalesced frame (asked for with `coalesceMs`, or sent by an edge that fell behind, or to a
   * client that did) carries several results, oldest first, each naming its own mini-block:
   * they are handed over one by one, as if they had come in frames of their own.
   */
  function unpack(params: NonNullable<Frame['params']>): void {
    if (params.coalesced !== true || !Array.isArray(params.result)) {
      notify(params)
      return
    }
    for (const result of params.result) {
      const own = result as { mini_block_number?: unknown; number?: unknown } | null
      const miniBlock = own?.mini_block_number ?? own?.number ?? params.miniBlock
      notify({ subscription: params.subscription, miniBlock, result })
    }
  }

  function answer(message: Frame): void {
    if (typeof message.id !== 'number') return
    const request = pending.get(message.id)
    if (!request) return
    pending.delete(message.id)
    clearTimeout(request.timer)
    if (message.error) {
      const { code, message: text, data } = message.error
      request.reject(new RealtimeRpcError(request.method, code, text, data))
    } else {
      request.onAnswer?.(message.result)
      request.resolve(message.result)
    }
  }

  function notify({ subscription, miniBlock: tag, result }: NonNullable<Frame['params']>): void {
    const miniBlock = miniBlockOf(tag)
    if (subscription === heartbeatId) {
      const newest = miniBlockOf((result as { miniBlock?: unknown } | null)?.miniBlock) ?? miniBlock
      // Everything up to `newest` was sent: every subscription resumes after it.
      if (newest !== undefined) for (const entry of byId.values()) passHeartbeat(entry, newest)
      return
    }
    const entry = byId.get(subscription)
    if (!entry) return
    if (miniBlock !== undefined) {
      const point = entry.point
      if (point && miniBlock < point.miniBlock) return
      if (point && miniBlock === point.miniBlock && entry.skip > 0) {
        entry.skip--
        return
      }
      entry.point = advance(point, miniBlock)
    }
    entry.onResult(result, { subscription, miniBlock, result })
  }

  function passHeartbeat(entry: Entry, newest: bigint): void {
    if (entry.point && entry.point.miniBlock > newest) return
    entry.point = { miniBlock: newest + 1n, seen: 0 }
    entry.skip = 0
  }

  function request<T>(
    method: string,
    params: readonly unknown[] = [],
    timeoutMs = requestTimeoutMs,
    onAnswer?: (result: unknown) => void,
  ): Promise<T> {
    if (closed) return Promise.reject(new SocketClosedError(url))
    if (pending.size >= maxInFlight)
      return Promise.reject(new QueueFullError('requests in flight', maxInFlight))
    const id = nextId++
    const promise = expect<T>(id, method, timeoutMs, onAnswer)
    write(JSON.stringify({ jsonrpc: '2.0', id, method, params }))
    return promise
  }

  function expect<T>(
    id: number,
    method: string,
    timeoutMs: number | undefined,
    onAnswer?: (result: unknown) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { method, resolve: resolve as (value: unknown) => void, reject, onAnswer }
      if (timeoutMs !== undefined) {
        entry.timer = setTimeout(() => {
          pending.delete(id)
          reject(new RequestTimeoutError(method, timeoutMs))
        }, timeoutMs)
      }
      pending.set(id, entry)
    })
  }

  function write(frame: string): void {
    if (open && ws) ws.send(frame)
    else {
      outbox.push(frame)
      if (lazy) connect()
    }
  }

  /** Subscribes `entry`, resuming where it stopped unless `live` (a resume was just refused). */
  async function activate(entry: Entry, live = false): Promise<void> {
    const from = live || entry.options.resume === false ? undefined : entry.point?.miniBlock
    const resumed = from === undefined ? undefined : resumeParams(entry.params, from)
    const skip = entry.point?.seen ?? 0
    const register = (id: unknown) => {
      if (typeof id !== 'string') return
      // Unsubscribed while the answer was on its way.
      if (!entries.has(entry)) {
        void request('eth_unsubscribe', [id]).catch(() => {})
        return
      }
      entry.id = id
      entry.skip = resumed ? skip : 0
      byId.set(id, entry)
    }
    try {
      await request<string>('eth_subscribe', resumed ?? entry.params, requestTimeoutMs, register)
    } catch (error) {
      if (error instanceof SocketClosedError) return // onopen subscribes again
      if (!resumed || from === undefined) {
        entry.options.onError?.(error as Error)
        return
      }
      // The server keeps no history that old, or does not resume at all: continue live, say so.
      entry.options.onError?.(new ResumeFailedError(from, error))
      entry.point = undefined
      return activate(entry, true)
    }
  }

  function startHeartbeats(): void {
    if (!heartbeat || heartbeatsRefused || heartbeatId !== undefined || entries.size === 0 || !open) return
    heartbeatId = ''
    const register = (id: unknown) => {
      heartbeatId = typeof id === 'string' ? id : undefined
    }
    request<string>('eth_subscribe', ['heartbeats'], requestTimeoutMs, register).then(
      () => {
        stall ??= createStallDetector({
          ...heartbeat,
          probe: (timeoutMs) => request('eth_chainId', [], timeoutMs),
          onStall: reconnect,
        })
      },
      (error: unknown) => {
        heartbeatId = undefined
        // A server without heartbeats (MegaETH): no stall detection on it.
        if (error instanceof RealtimeRpcError) heartbeatsRefused = true
      },
    )
  }

  function reconnect(): void {
    const socket = ws
    if (closed || !socket) return
    socket.onopen = socket.onmessage = socket.onclose = null
    socket.close()
    clearTimeout(reconnectTimer)
    retries = 0
    dropped(socket, 0)
  }

  if (!lazy) connect()
  return {
    url,
    request: (method, params, requestOptions) =>
      request(method, params, requestOptions?.timeoutMs ?? requestTimeoutMs),
    batch(calls) {
      if (closed) return Promise.reject(new SocketClosedError(url))
      if (pending.size + calls.length > maxInFlight) {
        return Promise.reject(new QueueFullError('requests in flight', maxInFlight))
      }
      const answers = calls.map((call) => {
        const id = nextId++
        return { id, body: { jsonrpc: '2.0', id, method: call.method, params: call.params ?? [] } }
      })
      const results = Promise.all(answers.map((a) => expect(a.id, a.body.method, requestTimeoutMs)))
      write(JSON.stringify(answers.map((a) => a.body)))
      return results
    },
    subscribe(params, onResult, subscribeOptions = {}) {
      if (entries.size >= maxSubscriptions)
        throw new QueueFullError('subscriptions on one socket', maxSubscriptions)
      const from = subscribeOptions.fromMiniBlock
      const entry: Entry = {
        params,
        onResult,
        options: subscribeOptions,
        point: from === undefined ? undefined : { miniBlock: from, seen: 0 },
        skip: 0,
      }
      entries.add(entry)
      if (open) {
        void activate(entry)
        startHeartbeats()
      } else if (lazy) connect()
      return () => {
        if (!entries.delete(entry) || entry.id === undefined) return
        byId.delete(entry.id)
        if (open) void request('eth_unsubscribe', [entry.id]).catch(() => {})
      }
    },
    onStatus(listener) {
      statusListeners.add(listener)
      if (open) listener(true)
      return () => statusListeners.delete(listener)
    },
    reconnect,
    close() {
      closed = true
      clearTimeout(reconnectTimer)
      stall?.stop()
      entries.clear()
      ws?.close()
    },
  }
}
