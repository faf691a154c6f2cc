import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { method } from '../jsonrpc/index.ts'
import type { RpcServer } from './createRpcServer.ts'
import { openSocket, post, startTestServer } from './rpcTestSupport.ts'

type Answer = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } }

// Rates this slow never refill within a test: each refusal below is certain, whatever the machine's speed.
const SLOW = 0.001
const BURST = 3

let server: RpcServer
let release: () => void = () => {}
let held = new Promise<void>((resolve) => {
  release = resolve
})

beforeAll(async () => {
  server = await startTestServer({
    config: {
      requestsPerSecond: SLOW,
      requestBurst: BURST,
      keyRequestsPerSecond: SLOW,
      keyRequestBurst: BURST,
      apiKeys: ['key-a', 'key-b', 'key-ws', 'key-ws-2', 'key-cost'],
      maxInFlightPerConnection: 2,
    },
    costOf: (name) => (name === 'expensive' ? BURST : 1),
    methods: {
      expensive: method([], () => '0x1'),
      hang: method([], async () => {
        await held
        return '0x1'
      }),
    },
  })
})
afterAll(() => server.close())

const call = (method: string, id = 1) => ({ jsonrpc: '2.0', id, method })
const keyHeaders = (key: string) => ({ 'content-type': 'application/json', 'x-api-key': key })

describe('per-client limits', () => {
  it('refuses a client over its rate with -32005 and a retry hint while another API key is unaffected', async () => {
    // A batch counts each entry: the burst passes, the rest is refused.
    const batch = await post(
      server.url,
      [call('eth_chainId', 1), call('eth_chainId', 2), call('eth_chainId', 3), call('eth_chainId', 4)],
      keyHeaders('key-a'),
    )
    expect(batch.status).toBe(200)
    const answers = batch.json as Answer[]
    expect(answers.slice(0, 3).map((a) => a.result)).toEqual(['0x7a69', '0x7a69', '0x7a69'])
    expect(answers[3].error?.code).toBe(-32005)
    expect(answers[3].error?.message).toMatch(/^limit exceeded/)
    const data = answers[3].error?.data as { limit: string; retryAfterMs: number }
    expect(data.limit).toBe('rate')
    expect(data.retryAfterMs).toBeGreaterThan(0)

    // Refused whole: HTTP 429 with Retry-After, the JSON-RPC error in the body.
    const refused = await post(server.url, call('eth_chainId'), keyHeaders('key-a'))
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((refused.json as Answer).error?.code).toBe(-32005)

    // Another key (here in the URL) and a keyless client (its IP) have their own buckets.
    const other = await post(`${server.url}/?key=key-b`, call('eth_chainId'))
    expect(other.status).toBe(200)
    expect((other.json as Answer).result).toBe('0x7a69')
    const byIp = await post(server.url, call('eth_chainId'))
    expect((byIp.json as Answer).result).toBe('0x7a69')
  })

  it('charges expensive methods their cost', async () => {
    const first = await post(server.url, call('expensive'), keyHeaders('key-cost'))
    expect((first.json as Answer).result).toBe('0x1')
    // The burst is spent in one call: even a plain one is refused now.
    const second = await post(
      server.url,
      [call('expensive', 1), call('eth_chainId', 2)],
      keyHeaders('key-cost'),
    )
    const [expensive, plain] = second.json as Answer[]
    expect(expensive.error?.code).toBe(-32005)
    expect(expensive.error?.data).toMatchObject({ limit: 'cost' })
    expect(plain.error?.data).toMatchObject({ limit: 'rate' })
    expect(second.status).toBe(429)
  })

  it('refuses an unknown API key with 401, over HTTP and at the WebSocket upgrade', async () => {
    const answer = await post(server.url, call('eth_chainId'), keyHeaders('nobody'))
    expect(answer.status).toBe(401)
    expect((answer.json as Answer).error?.message).toBe('invalid request: unknown API key')
    await expect(openSocket(`${server.wsUrl}/?key=nobody`)).rejects.toThrow(/401/)
  })

  it('caps the calls running on one WebSocket connection, not on others', async () => {
    const socket = await openSocket(`${server.wsUrl}/?key=key-ws`)
    const other = await openSocket(`${server.wsUrl}/?key=key-ws-2`)
    socket.send(call('hang', 1))
    socket.send(call('hang', 2))
    socket.send(call('hang', 3))
    const refused = (await socket.next()) as Answer
    expect(refused.id).toBe(3)
    expect(refused.error?.code).toBe(-32005)
    expect(refused.error?.data).toEqual({ limit: 'concurrency', retryAfterMs: expect.any(Number) })
    other.send(call('hang', 9))
    release()
    const settled = [(await socket.next()) as Answer, (await socket.next()) as Answer]
    expect(settled.map((a) => a.id).sort()).toEqual([1, 2])
    expect(((await other.next()) as Answer).result).toBe('0x1')
    held = Promise.resolve()
    socket.ws.close()
    other.ws.close()
  })

  it('counts refusals per limit on /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text()
    const count = (limit: string) =>
      Number(text.match(new RegExp(`^rtevm_edge_limited_total\\{limit="${limit}"\\} (\\d+)$`, 'm'))?.[1])
    expect(count('rate')).toBeGreaterThanOrEqual(2)
    expect(count('cost')).toBeGreaterThanOrEqual(1)
    expect(count('concurrency')).toBeGreaterThanOrEqual(1)
    expect(text).toMatch(/^rtevm_rpc_rejected_total\{reason="unknown_api_key"\} 2$/m)
  })
})
