import { PlaygroundError, RpcAnswerError } from '../errors.ts'

/**
 * One WebSocket to the edge carrying both requests and subscriptions. Every hot path
 * of the playground goes through it: a sync send is one frame out and one frame back,
 * and `logs` / `miniBlocks` notifications arrive per mini-block on the same socket,
 * so nothing waits on HTTP connection set-up or on polling.
 */
export type EdgeSocket = {
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>
  /** `eth_subscribe(params)`; resubscribes after a reconnect. Returns the unsubscribe function. */
  subscribe(params: readonly unknown[], onResult: (result: unknown) => void): () => void
  /** Called with `true` on (re)connect and `false` on close. */
  onStatus(listener: (open: boolean) => void): () => void
  close(): void
}

export type CreateEdgeSocketParameters = {
  url: string
  /** Requests waiting for an answer (or for the socket to open) before new ones fail. */
  maxInFlight?: number
  /** Subscriptions this socket may hold. */
  maxSubscriptions?: number
  reconnectDelayMs?: number
}

type Pending = { method: string; resolve: (value: unknown) => void; reject: (error: unknown) => void }
type Subscription = { params: readonly unknown[]; onResult: (result: unknown) => void; id?: string }

export function createEdgeSocket({
  url,
  maxInFlight = 8_192,
  maxSubscriptions = 64,
  reconnectDelayMs = 500,
}: CreateEdgeSocketParameters): EdgeSocket {
  let socket: WebSocket | undefined
  let open = false
  let closed = false
  let nextId = 1
  const pending = new Map<number, Pending>()
  // Frames written before the socket opened; bounded by maxInFlight through `pending`.
  const outbox: string[] = []
  const subscriptions = new Set<Subscription>()
  const bySubscriptionId = new Map<string, Subscription>()
  const statusListeners = new Set<(open: boolean) => void>()

  function connect(): void {
    if (closed) return
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      open = true
      for (const frame of outbox.splice(0)) ws.send(frame)
      for (const subscription of subscriptions) void activate(subscription)
      for (const listener of statusListeners) listener(true)
    }
    ws.onmessage = (event) => onFrame(String(event.data))
    ws.onclose = () => {
      open = false
      socket = undefined
      bySubscriptionId.clear()
      for (const subscription of subscriptions) subscription.id = undefined
      const error = new PlaygroundError('PLAYGROUND_SOCKET_CLOSED', `the edge socket ${url} closed`, {
        retryable: true,
      })
      for (const [id, request] of pending) {
        pending.delete(id)
        request.reject(error)
      }
      for (const listener of statusListeners) listener(false)
      if (!closed) setTimeout(connect, reconnectDelayMs)
    }
  }

  function onFrame(text: string): void {
    const message = JSON.parse(text) as {
      id?: number
      result?: unknown
      error?: { code: number; message: string; data?: unknown }
      method?: string
      params?: { subscription: string; result: unknown }
    }
    if (message.method === 'eth_subscription' && message.params) {
      bySubscriptionId.get(message.params.subscription)?.onResult(message.params.result)
      return
    }
    if (typeof message.id !== 'number') return
    const request = pending.get(message.id)
    if (!request) return
    pending.delete(message.id)
    if (message.error)
      request.reject(
        new RpcAnswerError(request.method, message.error.code, message.error.message, message.error.data),
      )
    else request.resolve(message.result)
  }

  function request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
    if (closed)
      return Promise.reject(new PlaygroundError('PLAYGROUND_SOCKET_CLOSED', 'the edge socket is closed'))
    if (pending.size >= maxInFlight)
      return Promise.reject(
        new PlaygroundError(
          'PLAYGROUND_QUEUE_FULL',
          `more than ${maxInFlight} requests in flight to the edge`,
          {
            retryable: true,
          },
        ),
      )
    const id = nextId++
    const frame = JSON.stringify({ jsonrpc: '2.0', id, method, params })
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject })
      if (open && socket) socket.send(frame)
      else outbox.push(frame)
    })
  }

  async function activate(subscription: Subscription): Promise<void> {
    try {
      const id = await request<string>('eth_subscribe', subscription.params)
      // Unsubscribed while the answer was on its way.
      if (!subscriptions.has(subscription)) {
        void request('eth_unsubscribe', [id]).catch(() => {})
        return
      }
      subscription.id = id
      bySubscriptionId.set(id, subscription)
    } catch {
      // The socket closed before the answer; onopen resubscribes.
    }
  }

  function subscribe(params: readonly unknown[], onResult: (result: unknown) => void): () => void {
    if (subscriptions.size >= maxSubscriptions)
      throw new PlaygroundError(
        'PLAYGROUND_QUEUE_FULL',
        `more than ${maxSubscriptions} subscriptions on one socket`,
      )
    const subscription: Subscription = { params, onResult }
    subscriptions.add(subscription)
    if (open) void activate(subscription)
    return () => {
      subscriptions.delete(subscription)
      if (subscription.id === undefined) return
      bySubscriptionId.delete(subscription.id)
      if (open) void request('eth_unsubscribe', [subscription.id]).catch(() => {})
    }
  }

  connect()
  return {
    request,
    subscribe,
    onStatus(listener) {
      statusListeners.add(listener)
      if (open) listener(true)
      return () => statusListeners.delete(listener)
    },
    close() {
      closed = true
      subscriptions.clear()
      socket?.close()
    },
  }
}
