import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RpcServer } from './createRpcServer.ts'
import { openSocket, startTestServer } from './rpcTestSupport.ts'

let server: RpcServer

beforeAll(async () => {
  server = await startTestServer({
    config: {
      maxWsMessageBytes: 16 * 1024,
      maxWsBackpressureBytes: 256 * 1024,
      maxSubscriptionsPerConnection: 3,
      maxConnectionsPerIp: 20,
      backpressureSweepMs: 10,
    },
  })
})
afterAll(() => server.close())

const metric = async (name: string) => {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  return Number(text.match(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm'))?.[1] ?? 0)
}

describe('WebSocket JSON-RPC', () => {
  it('answers single and batch requests on the same port as HTTP', async () => {
    const socket = await openSocket(server.wsUrl)
    socket.send({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    expect(await socket.next()).toEqual({ jsonrpc: '2.0', id: 1, result: '0x7a69' })
    socket.send([
      { jsonrpc: '2.0', id: 2, method: 'net_version' },
      { jsonrpc: '2.0', method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 3, method: 'eth_nope' },
    ])
    expect(await socket.next()).toEqual([
      { jsonrpc: '2.0', id: 2, result: '31337' },
      {
        jsonrpc: '2.0',
        id: 3,
        error: { code: -32601, message: 'the method eth_nope does not exist/is not available' },
      },
    ])
    socket.send('not json')
    expect(await socket.next()).toMatchObject({ id: null, error: { code: -32700 } })
    socket.ws.close()
  })

  it('answers an oversized message with a JSON-RPC error and keeps the connection', async () => {
    const socket = await openSocket(server.wsUrl)
    socket.send(`"${'x'.repeat(20 * 1024)}"`)
    expect(await socket.next()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: 'invalid request: message of 20482 bytes exceeds the limit of 16384 bytes',
      },
    })
    expect(await metric('rtevm_rpc_rejected_total{reason="ws_message_too_large"}')).toBe(1)
    socket.send({ jsonrpc: '2.0', id: 2, method: 'eth_chainId' })
    expect(await socket.next()).toEqual({ jsonrpc: '2.0', id: 2, result: '0x7a69' })
    socket.ws.close()
  })

  it('cuts off a message over four times the limit without buffering it', async () => {
    const socket = await openSocket(server.wsUrl)
    socket.send(`"${'x'.repeat(70 * 1024)}"`)
    expect((await socket.closed).code).toBe(1006)
    expect(await metric('rtevm_rpc_rejected_total{reason="ws_message_too_large"}')).toBe(2)
    const other = await openSocket(server.wsUrl)
    other.send({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    expect(await other.next()).toMatchObject({ result: '0x7a69' })
    other.ws.close()
  })

  it('subscribes, receives fan-out, unsubscribes, and enforces the per-connection limit', async () => {
    const a = await openSocket(server.wsUrl)
    const b = await openSocket(server.wsUrl)
    a.send({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['miniBlocks'] })
    const { result: idA } = (await a.next()) as { result: string }
    a.send({ jsonrpc: '2.0', id: 2, method: 'eth_subscribe', params: ['miniBlocks'] })
    const { result: idA2 } = (await a.next()) as { result: string }
    b.send({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['miniBlocks'] })
    const { result: idB } = (await b.next()) as { result: string }
    expect(idA).toMatch(/^0x[0-9a-f]{32}$/)
    expect(idA2).not.toBe(idA) // unique within a connection
    expect(await metric('rtevm_rpc_subscriptions')).toBe(3)

    server.subscriptions.publishKind('miniBlocks', { number: '0x1' }, 1n)
    const gotA = [await a.next(), await a.next()] as { params: { subscription: string } }[]
    expect(gotA.map((m) => m.params.subscription).sort()).toEqual([idA, idA2].sort())
    expect(await b.next()).toEqual({
      jsonrpc: '2.0',
      method: 'eth_subscription',
      params: { subscription: idB, miniBlock: '0x1', result: { number: '0x1' } },
    })

    a.send({ jsonrpc: '2.0', id: 3, method: 'eth_unsubscribe', params: [idA2] })
    expect(await a.next()).toMatchObject({ id: 3, result: true })
    a.send({ jsonrpc: '2.0', id: 4, method: 'eth_unsubscribe', params: [idA2] })
    expect(await a.next()).toMatchObject({ id: 4, result: false })

    a.send({ jsonrpc: '2.0', id: 5, method: 'eth_subscribe', params: ['bogus'] })
    expect(await a.next()).toMatchObject({ id: 5, error: { code: -32602 } })
    a.send({
      jsonrpc: '2.0',
      id: 6,
      method: 'eth_subscribe',
      params: ['logs', { address: `0x${'11'.repeat(20)}` }],
    })
    expect(await a.next()).toMatchObject({ id: 6, result: expect.any(String) })
    a.send({ jsonrpc: '2.0', id: 7, method: 'eth_subscribe', params: ['newHeads'] })
    expect(await a.next()).toMatchObject({ id: 7, result: expect.any(String) })
    a.send({ jsonrpc: '2.0', id: 8, method: 'eth_subscribe', params: ['newHeads'] })
    expect(await a.next()).toMatchObject({ id: 8, error: { code: -32005 } })

    a.ws.close()
    b.ws.close()
    await Promise.all([a.closed, b.closed])
    await expect.poll(() => metric('rtevm_rpc_subscriptions')).toBe(0)
  })

  it('closes a slow consumer with a reason while others keep receiving', async () => {
    const slow = await openSocket(server.wsUrl)
    const fast = await openSocket(server.wsUrl)
    for (const s of [slow, fast]) {
      s.send({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] })
      await s.next()
    }
    // The slow client stops reading; the kernel buffers fill, then uWS's, then the limit trips.
    slow.ws.pause()
    const payload = { blob: 'y'.repeat(64 * 1024) }
    const before = await metric('rtevm_rpc_rejected_total{reason="slow_consumer"}')
    let received = 0
    for (let round = 0; round < 200; round++) {
      server.subscriptions.publishKind('newHeads', payload, 1n)
      await fast.next()
      received++
      if ((await metric('rtevm_rpc_rejected_total{reason="slow_consumer"}')) > before) break
    }
    expect(await metric('rtevm_rpc_rejected_total{reason="slow_consumer"}')).toBe(before + 1)
    slow.ws.resume()
    const { code, reason } = await slow.closed
    expect(code).toBe(4000)
    expect(reason).toMatch(/^slow consumer: \d+ bytes unsent, limit 262144$/)

    // The fast one is unaffected and the server still answers.
    server.subscriptions.publishKind('newHeads', { n: 1 }, 2n)
    expect(await fast.next()).toMatchObject({ params: { result: { n: 1 } } })
    fast.send({ jsonrpc: '2.0', id: 2, method: 'eth_chainId' })
    expect(await fast.next()).toMatchObject({ id: 2, result: '0x7a69' })
    expect(received).toBeGreaterThan(0)
    fast.ws.close()
  })

  it('refuses connections over the per-IP limit with 429', async () => {
    const open = await Promise.all(Array.from({ length: 20 }, () => openSocket(server.wsUrl)))
    const status = await new Promise<number>((resolve) => {
      const extra = new WebSocket(server.wsUrl)
      extra.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      extra.on('open', () => resolve(101))
      extra.on('error', () => {})
    })
    expect(status).toBe(429)
    open[0].ws.close()
    await open[0].closed
    const again = await openSocket(server.wsUrl)
    again.send({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    expect(await again.next()).toMatchObject({ result: '0x7a69' })
    for (const s of [...open.slice(1), again]) s.ws.close()
  })

  it('survives garbage frames and keeps answering', async () => {
    const bad = await openSocket(server.wsUrl)
    const good = await openSocket(server.wsUrl)
    for (const junk of ['', '[', '{"jsonrpc":"2.0","id":1,"method":"toString"}', '\u0000\u0001', '[[[]]]'])
      bad.send(junk)
    bad.ws.send(Buffer.from([0xff, 0xfe, 0x00]))
    good.send({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    expect(await good.next()).toMatchObject({ result: '0x7a69' })
    bad.ws.close()
    good.ws.close()
  })
})
