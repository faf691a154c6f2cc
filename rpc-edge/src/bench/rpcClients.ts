import { Agent, request } from 'node:http'
import WebSocket from 'ws'

/** The thinnest JSON-RPC client we can write, so the figures measure the servers rather than a library. */
export type RpcClient = {
  readonly transport: 'ws' | 'http'
  call<T = unknown>(method: string, params: readonly unknown[]): Promise<T>
  close(): Promise<void>
}

export class RpcCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${code} ${message}`)
  }
}

type Reply = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } }
type Pending = { resolve(value: unknown): void; reject(error: Error): void }

export async function connectWs(url: string): Promise<RpcClient> {
  const socket = new WebSocket(url, { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  socket.on('error', () => {})
  const pending = new Map<number, Pending>()
  let nextId = 1
  socket.on('message', (data) => {
    const reply = JSON.parse(data.toString()) as Reply
    const waiter = pending.get(reply.id)
    if (!waiter) return
    pending.delete(reply.id)
    if (reply.error) waiter.reject(new RpcCallError(reply.error.code, reply.error.message, reply.error.data))
    else waiter.resolve(reply.result)
  })
  socket.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('WebSocket closed'))
    pending.clear()
  })
  return {
    transport: 'ws',
    call<T>(method: string, params: readonly unknown[]) {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        socket.send(`{"jsonrpc":"2.0","id":${id},"method":"${method}","params":${JSON.stringify(params)}}`)
      })
    },
    close() {
      return new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve()
        socket.once('close', () => resolve())
        socket.close()
      })
    },
  }
}

/** Keep-alive HTTP/1.1 through node:http (less per-request overhead than fetch). */
export function connectHttp(url: string, sockets = 1): RpcClient {
  const target = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  let nextId = 1
  return {
    transport: 'http',
    call<T>(method: string, params: readonly unknown[]) {
      const body = `{"jsonrpc":"2.0","id":${nextId++},"method":"${method}","params":${JSON.stringify(params)}}`
      return new Promise<T>((resolve, reject) => {
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (chunk: Buffer) => chunks.push(chunk))
            res.on('end', () => {
              try {
                const reply = JSON.parse(Buffer.concat(chunks).toString()) as Reply
                if (reply.error)
                  reject(new RpcCallError(reply.error.code, reply.error.message, reply.error.data))
                else resolve(reply.result as T)
              } catch (error) {
                reject(error as Error)
              }
            })
            res.on('error', reject)
          },
        )
        req.on('error', reject)
        req.end(body)
      })
    },
    async close() {
      agent.destroy()
    },
  }
}
