import { EdgeRpcError, EdgeUnreachableError } from '../errors.ts'
import type { RpcCall } from '../rpc/callEdge.ts'

/**
 * The page's one WebSocket to the edge's JSON-RPC (same port as HTTP): `eth_subscribe` streams that
 * come straight from the edge's replica, as soon as a mini-block is sealed (before the indexer has
 * committed it), and batched calls over the same socket. Opens on the first subscription and
 * reconnects by itself, backing off to 3 s, resubscribing what is still wanted.
 */
export type EdgeSocket = {
  /** Subscribes with `eth_subscribe` params (`['miniBlocks']`); returns the unsubscribe function. */
  subscribe(params: readonly unknown[], onResult: (result: unknown) => void): () => void
  /** Calls as one batch over the socket; results in order. Rejects when the socket is not open. */
  call(calls: readonly RpcCall[]): Promise<unknown[]>
  close(): void
}

type Reply = { id?: number; result?: unknown; error?: { code: number; message: string } }
type Notification = { method?: string; params?: { subscription: string; result: unknown } }
/** One `eth_subscribe` per distinct params, shared by every handler that wants it (the river and the list). */
type Wanted = { params: readonly unknown[]; handlers: Set<(result: unknown) => void>; id: string | null }

const CALL_TIMEOUT_MS = 3_000

export function createEdgeSocket(url: string): EdgeSocket {
  const wanted = new Map<string, Wanted>()
  const bySubscription = new Map<string, Wanted>()
  const pending = new Map<
    number,
    { resolve: (reply: Reply | Reply[]) => void; reject: (e: unknown) => void }
  >()
  let socket: WebSocket | null = null
  let open = false
  let closed = false
  let retries = 0
  let nextId = 1
  let timer: ReturnType<typeof setTimeout> | undefined

  const send = (body: unknown, id: number): Promise<Reply | Reply[]> =>
    new Promise((resolve, reject) => {
      if (!socket || !open) return reject(new EdgeUnreachableError(url, new Error('socket not open')))
      const timeout = setTimeout(() => {
        pending.delete(id)
        reject(new EdgeUnreachableError(url, new Error('no answer')))
      }, CALL_TIMEOUT_MS)
      pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timeout)
          resolve(reply)
        },
        reject: (error) => {
          clearTimeout(timeout)
          reject(error)
        },
      })
      socket.send(JSON.stringify(body))
    })

  const startSubscription = (entry: Wanted) => {
    const id = nextId++
    send({ jsonrpc: '2.0', id, method: 'eth_subscribe', params: entry.params }, id).then(
      (reply) => {
        const subscription = (reply as Reply).result
        if (typeof subscription !== 'string') return
        if (entry.handlers.size === 0) {
          // Unsubscribed while the answer was on its way.
          void send(
            { jsonrpc: '2.0', id: nextId, method: 'eth_unsubscribe', params: [subscription] },
            nextId++,
          ).catch(() => {})
          return
        }
        entry.id = subscription
        bySubscription.set(subscription, entry)
      },
      () => {
        // The socket closed: it resubscribes on reconnect.
      },
    )
  }

  const connect = () => {
    if (closed || socket) return
    const ws = new WebSocket(url.replace(/^http(s?):/, 'ws$1:'))
    socket = ws
    ws.onopen = () => {
      open = true
      retries = 0
      for (const entry of wanted.values()) startSubscription(entry)
    }
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return
      const message = JSON.parse(event.data) as Reply | Reply[] | Notification
      if (Array.isArray(message)) {
        // A batch is awaited under its first id; the edge may answer its parts in any order.
        const id = message.map((reply) => reply.id ?? -1).find((i) => pending.has(i))
        if (id !== undefined) {
          pending.get(id)?.resolve(message)
          pending.delete(id)
        }
      } else if ('params' in message && message.params) {
        const entry = bySubscription.get(message.params.subscription)
        if (entry) for (const handler of entry.handlers) handler(message.params.result)
      } else if ('id' in message && typeof message.id === 'number') {
        pending.get(message.id)?.resolve(message)
        pending.delete(message.id)
      }
    }
    ws.onclose = () => {
      socket = null
      open = false
      bySubscription.clear()
      for (const entry of wanted.values()) entry.id = null
      for (const [, waiter] of pending)
        waiter.reject(new EdgeUnreachableError(url, new Error('socket closed')))
      pending.clear()
      if (closed || wanted.size === 0) return
      timer = setTimeout(connect, Math.min(250 * 2 ** retries++, 3_000))
    }
  }

  return {
    subscribe(params, onResult) {
      const key = JSON.stringify(params)
      let entry = wanted.get(key)
      if (entry) entry.handlers.add(onResult)
      else {
        entry = { params, handlers: new Set([onResult]), id: null }
        wanted.set(key, entry)
        if (open) startSubscription(entry)
        else connect()
      }
      const shared = entry
      return () => {
        shared.handlers.delete(onResult)
        if (shared.handlers.size > 0 || wanted.get(key) !== shared) return
        wanted.delete(key)
        if (shared.id === null) return
        bySubscription.delete(shared.id)
        if (!open) return
        const id = nextId++
        void send({ jsonrpc: '2.0', id, method: 'eth_unsubscribe', params: [shared.id] }, id).catch(() => {})
      }
    },
    async call(calls) {
      const first = nextId
      nextId += calls.length
      const body = calls.map((c, i) => ({
        jsonrpc: '2.0',
        id: first + i,
        method: c.method,
        params: c.params,
      }))
      const replies = (await send(body, first)) as Reply[]
      const byId = new Map(replies.map((reply) => [reply.id, reply]))
      return calls.map((c, i) => {
        const reply = byId.get(first + i)
        if (!reply) throw new EdgeRpcError(c.method, -32603, 'no reply in the batch')
        if (reply.error) throw new EdgeRpcError(c.method, reply.error.code, reply.error.message)
        return reply.result
      })
    },
    close() {
      closed = true
      clearTimeout(timer)
      socket?.close()
    },
  }
}
