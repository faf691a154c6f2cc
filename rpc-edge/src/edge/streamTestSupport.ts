import WebSocket from 'ws'

/** An `eth_subscription` notification as the edge writes it. */
export type Notification = { subscription: string; miniBlock: string; result: unknown }

type Answer = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } }

/**
 * A raw WebSocket JSON-RPC client that keeps every notification, for tests that check the wire.
 * A coalesced frame (the edge gathers `miniBlocks` of a lighter detail while it is behind) is kept
 * as the notifications it carries, each with its own mini-block, as a realtime client reads it.
 */
export type StreamClient = {
  /** The answer to one call, error included. */
  call(method: string, params: unknown[]): Promise<Answer>
  /** `eth_subscribe`; throws on an error answer. */
  subscribe(params: unknown[]): Promise<string>
  /** Notifications received so far for `id`, in arrival order. */
  notifications(id: string): Notification[]
  /** Resolves once `check()` holds, re-checked on each message. */
  until(check: () => boolean): Promise<void>
  /** Drops the connection at once (no close handshake), as a network failure would. */
  drop(): void
  close(): Promise<void>
}

export async function openStream(url: string): Promise<StreamClient> {
  const socket = new WebSocket(url)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  const answers = new Map<number, (answer: Answer) => void>()
  const received = new Map<string, Notification[]>()
  const waiters = new Set<() => void>()
  let nextId = 1
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      id?: number
      method?: string
      params?: Notification & { coalesced?: true }
    }
    if (message.method === 'eth_subscription' && message.params) {
      const { subscription, coalesced, result } = message.params
      const list = received.get(subscription) ?? []
      if (coalesced && Array.isArray(result)) {
        for (const each of result as { number?: string; mini_block_number?: string }[])
          list.push({ subscription, miniBlock: (each.number ?? each.mini_block_number)!, result: each })
      } else list.push(message.params)
      received.set(subscription, list)
    } else if (typeof message.id === 'number') {
      answers.get(message.id)?.(message as Answer)
      answers.delete(message.id)
    }
    for (const wake of [...waiters]) wake()
  })

  function call(method: string, params: unknown[]): Promise<Answer> {
    const id = nextId++
    const answer = new Promise<Answer>((resolve) => answers.set(id, resolve))
    socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }))
    return answer
  }

  return {
    call,
    async subscribe(params) {
      const answer = await call('eth_subscribe', params)
      if (answer.error) throw new Error(`eth_subscribe failed: ${answer.error.message}`)
      return answer.result as string
    },
    notifications: (id) => received.get(id) ?? [],
    until(check) {
      if (check()) return Promise.resolve()
      return new Promise((resolve) => {
        const wake = () => {
          if (!check()) return
          waiters.delete(wake)
          resolve()
        }
        waiters.add(wake)
      })
    },
    drop: () => socket.terminate(),
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return
      const closed = new Promise((resolve) => socket.once('close', resolve))
      socket.close()
      await closed
    },
  }
}
