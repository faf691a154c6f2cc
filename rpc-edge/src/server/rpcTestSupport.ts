import { listenExclusive } from '@rtevm/node'
import WebSocket from 'ws'
import { createBaseMethods } from '../methods/index.ts'
import { createRpcServer, type RpcServer, type RpcServerOptions } from './createRpcServer.ts'

/** Starts a server on 127.0.0.1:0 with the base methods (chain 31337) plus `extra`. */
export function startTestServer(overrides: Partial<RpcServerOptions<unknown>> = {}): Promise<RpcServer> {
  const base = createBaseMethods({ chainId: 31337, clientVersion: 'rtevm/test', accounts: [] })
  return createRpcServer({
    ...overrides,
    config: { port: 0, ...overrides.config },
    methods: { ...base, ...overrides.methods },
    context: overrides.context ?? {},
    listen: overrides.listen ?? listenExclusive,
  })
}

/** POSTs a body (string as-is, anything else JSON-encoded) and returns status and parsed JSON (if any). */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers }
}

/** A `ws` client with a queue of received messages and the close event. */
export type TestSocket = {
  ws: WebSocket
  next(): Promise<unknown>
  send(payload: unknown): void
  closed: Promise<{ code: number; reason: string }>
}

export async function openSocket(url: string): Promise<TestSocket> {
  const ws = new WebSocket(url)
  const queue: unknown[] = []
  const waiters: ((value: unknown) => void)[] = []
  ws.on('message', (data) => {
    const value = JSON.parse(data.toString())
    const waiter = waiters.shift()
    if (waiter) waiter(value)
    else queue.push(value)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    ws,
    closed,
    next: () =>
      queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiters.push(resolve)),
    send: (payload) => ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload)),
  }
}
