import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { method } from '../jsonrpc/index.ts'
import type { RpcServer } from './createRpcServer.ts'
import { post, startTestServer } from './rpcTestSupport.ts'

let server: RpcServer
let ready = true

beforeAll(async () => {
  server = await startTestServer({
    config: { maxBodyBytes: 64 * 1024, maxBatch: 10, corsOrigin: '*' },
    ready: () => ready,
    methods: { slow: method([], () => new Promise((resolve) => setTimeout(() => resolve('0x1'), 50))) },
  })
})
afterAll(() => server.close())

describe('HTTP JSON-RPC', () => {
  it('answers the base methods', async () => {
    const { status, json, headers } = await post(server.url, [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 2, method: 'net_version' },
      { jsonrpc: '2.0', id: 3, method: 'web3_sha3', params: ['0x68656c6c6f'] },
      { jsonrpc: '2.0', id: 4, method: 'net_listening' },
      { jsonrpc: '2.0', id: 5, method: 'eth_syncing' },
      { jsonrpc: '2.0', id: 6, method: 'web3_clientVersion' },
      { jsonrpc: '2.0', id: 7, method: 'net_peerCount' },
      { jsonrpc: '2.0', id: 8, method: 'eth_accounts' },
    ])
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/json')
    expect(headers.get('access-control-allow-origin')).toBe('*')
    expect((json as { result: unknown }[]).map((r) => r.result)).toEqual([
      '0x7a69',
      '31337',
      '0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8',
      true,
      false,
      'rtevm/test',
      '0x0',
      [],
    ])
  })

  it('answers a notification-only payload with 204 and no body', async () => {
    const { status, json } = await post(server.url, { jsonrpc: '2.0', method: 'eth_chainId' })
    expect(status).toBe(204)
    expect(json).toBeUndefined()
  })

  it.each([
    ['malformed JSON', '{"id":1,', -32700],
    ['not an object', '"hello"', -32600],
    ['wrong version', '{"jsonrpc":"2.1","id":1,"method":"eth_chainId"}', -32600],
    ['empty batch', '[]', -32600],
    [
      'batch over the limit',
      JSON.stringify(Array(11).fill({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' })),
      -32005,
    ],
    ['unknown method', '{"jsonrpc":"2.0","id":1,"method":"eth_foo"}', -32601],
    ['bad params', '{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["xyz"]}', -32602],
    [
      'eth_subscribe over HTTP',
      '{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}',
      -32601,
    ],
  ])('rejects %s with HTTP 200 and code %s', async (_name, body, code) => {
    const { status, json } = await post(server.url, body)
    expect(status).toBe(200)
    expect((json as { error: { code: number } }).error.code).toBe(code)
  })

  it('explains bad params', async () => {
    const { json } = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'web3_sha3', params: ['xyz'] })
    expect((json as { error: { message: string } }).error.message).toBe(
      'invalid params: argument 0 (data): expected 0x-prefixed hex bytes, got "xyz"',
    )
  })

  it('refuses an oversized body with 413 and a JSON-RPC error', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'web3_sha3',
      params: [`0x${'00'.repeat(40_000)}`],
    })
    const { status, json } = await post(server.url, big)
    expect(status).toBe(413)
    expect(json).toMatchObject({ id: null, error: { code: -32600 } })
    expect((json as { error: { message: string } }).error.message).toMatch(/exceeds the limit of 65536/)
  })

  it('refuses an oversized chunked body (no content-length) with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
    await response.text()
  })

  it('answers a client that writes all of a large chunked body before reading', async () => {
    const socket = connect(server.port, '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (chunk) => received.push(chunk))
    // Writes may fail once the edge has answered and closed; the answer must still arrive.
    socket.on('error', () => {})
    const ended = new Promise((resolve) => socket.on('close', resolve))
    socket.write(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    )
    const chunk = 'x'.repeat(64 * 1024)
    for (let i = 0; i < 64; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
    socket.end('0\r\n\r\n')
    await ended
    const [head, body] = Buffer.concat(received).toString('utf8').split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1.1 413 /)
    expect(JSON.parse(body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'invalid request: request body exceeds the limit of 65536 bytes' },
    })
  })

  it('refuses a non-JSON content type with 415', async () => {
    const { status, json } = await post(server.url, 'eth_chainId', { 'content-type': 'text/plain' })
    expect(status).toBe(415)
    expect(json).toMatchObject({ error: { code: -32600 } })
  })

  it('answers a CORS preflight', async () => {
    const response = await fetch(server.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3001',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-wallet',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type,x-wallet')
  })

  it('serves /health, /ready and a 404 for other GETs', async () => {
    const health = await fetch(`${server.url}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    ready = false
    expect((await fetch(`${server.url}/ready`)).status).toBe(503)
    ready = true
    const ok = await fetch(`${server.url}/ready`)
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ ready: true })
    const missing = await fetch(`${server.url}/nope`)
    expect(missing.status).toBe(404)
    await missing.text()
  })

  it('serves Prometheus metrics by method and error code', async () => {
    await post(server.url, { jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    await post(server.url, { jsonrpc: '2.0', id: 1, method: 'no_such_method' })
    const response = await fetch(`${server.url}/metrics`)
    expect(response.headers.get('content-type')).toContain('text/plain')
    const text = await response.text()
    expect(text).toMatch(/^rtevm_rpc_requests_total\{method="eth_chainId"\} \d+$/m)
    expect(text).toMatch(/^rtevm_rpc_requests_total\{method="unknown"\} \d+$/m)
    expect(text).toMatch(/^rtevm_rpc_errors_total\{code="-32601"\} \d+$/m)
    expect(text).toMatch(/^rtevm_rpc_rejected_total\{reason="body_too_large"\} \d+$/m)
    expect(text).toMatch(/^rtevm_rpc_ws_connections 0$/m)
    expect(text).toMatch(/^rtevm_rpc_subscriptions 0$/m)
    expect(text).not.toContain('no_such_method')
  })

  it('keeps answering others while a client sends garbage and aborts', async () => {
    const garbage = Array.from({ length: 50 }, (_, i) =>
      fetch(server.url, {
        method: 'POST',
        body: i % 2 ? '\u0000\xff{{{' : '['.repeat(10_000),
        signal: i % 5 === 0 ? AbortSignal.timeout(1) : undefined,
      }).then(
        (r) => r.text(),
        () => undefined,
      ),
    )
    const slow = post(server.url, { jsonrpc: '2.0', id: 1, method: 'slow' })
    const { json } = await post(server.url, { jsonrpc: '2.0', id: 9, method: 'eth_chainId' })
    expect(json).toEqual({ jsonrpc: '2.0', id: 9, result: '0x7a69' })
    await Promise.all(garbage)
    expect((await slow).json).toMatchObject({ result: '0x1' })
  })
})
