import { request as httpRequest, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { createTxSigner } from '@rtevm/testkit'
import { type Hex, toHex } from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { wsUrlOf } from '../graphql/subscriptions/subscriptionTestClients.ts'
import { createIndexerServer } from './createIndexerServer.ts'
import { IndexerServerListenError } from './IndexerServerListenError.ts'
import { type ServerStack, startServerStack } from './serverTestSupport.ts'

let stack: ServerStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

const healthOf = async (s: ServerStack) =>
  (await (await fetch(s.server.url.replace(/\/graphql$/, '/health'))).json()) as {
    status: string
    cursor: string
    subscriptions: number
  }

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Sends big transactions (16 kB of calldata each) until the server has
 * dropped every subscription: they fill a paused client's socket buffers,
 * then its subscriber queue.
 */
async function floodUntilDropped(s: ServerStack): Promise<void> {
  const account = s.chain.sequencer.devAccounts[3]
  const signer = createTxSigner(account.privateKey, account.address)
  const data: Hex = toHex(new Uint8Array(16_384).fill(7))
  let nonce = 0n
  for (let round = 0; round < 200 && (await healthOf(s)).subscriptions > 0; round++) {
    const raws = Array.from({ length: 20 }, () =>
      signer.sign({
        nonce: nonce++,
        to: s.chain.accounts[0],
        value: 1n,
        data,
        gasLimit: 700_000n,
        maxFeePerGas: 2_000_000_000n,
        maxPriorityFeePerGas: 1n,
      }),
    )
    await Promise.all(raws.map((raw) => s.chain.sequencer.submit(raw)))
    await s.caughtUp()
  }
  expect((await healthOf(s)).subscriptions).toBe(0)
}

describe('createIndexerServer', () => {
  it('serves /health, GraphiQL, GET queries and open CORS on 127.0.0.1 only, and says when its port is taken', async () => {
    stack = await startServerStack()
    const s = stack
    expect(s.server.url).toBe(`http://127.0.0.1:${s.server.port}/graphql`)
    await s.caughtUp()
    // The chain seals a block every interval, so the cursor may move between the request and the check: retry.
    await vi.waitFor(async () => {
      const health = await healthOf(s)
      expect(health).toEqual({ status: 'ok', cursor: s.indexer.committedSeq().toString(), subscriptions: 0 })
    })

    const page = await fetch(s.server.url, { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/GraphiQL/i)
    const get = await fetch(`${s.server.url}?query=${encodeURIComponent('{ _meta { cursor } }')}`, {
      headers: { accept: 'application/json' },
    })
    expect(((await get.json()) as { data: { _meta: { cursor: string } } }).data._meta.cursor).toMatch(
      /^[0-9]+$/,
    )

    const preflight = await fetch(s.server.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/)
    const cross = await fetch(s.server.url, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:3001', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _meta { cursor } }' }),
    })
    expect(cross.headers.get('access-control-allow-origin')).toBe('*')

    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)
    expect(await accepts('127.0.0.1', s.server.port)).toBe(true)
    const taken = createIndexerServer({ db: s.db, indexer: s.indexer, port: s.server.port })
    await expect(taken).rejects.toBeInstanceOf(IndexerServerListenError)
    await expect(taken).rejects.toMatchObject({ code: 'INDEXER_SERVER_LISTEN_FAILED' })
    if (external) expect(await accepts(external.address, s.server.port)).toBe(false)
  })

  it('closes a subscriber that stops reading with SUBSCRIBER_TOO_SLOW instead of buffering for it', async () => {
    stack = await startServerStack({ limits: { subscriberQueueLimit: 10, maxSocketBufferBytes: 16_384 } })
    const s = stack
    const messages: Array<{
      type: string
      id?: string
      payload?: { errors?: Array<{ extensions?: { code?: string } }> }
    }> = []
    const socket = new WebSocket(wsUrlOf(s.server.url), 'graphql-transport-ws')
    socket.on('message', (data) => messages.push(JSON.parse(String(data))))
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    try {
      socket.send(JSON.stringify({ type: 'connection_init' }))
      await vi.waitFor(() => expect(messages.map((m) => m.type)).toContain('connection_ack'), {
        timeout: 10_000,
      })
      const query = 'subscription { transactions { hash input } }'
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }))
      await vi.waitFor(async () => expect((await healthOf(s)).subscriptions).toBe(1), { timeout: 10_000 })
      socket.pause()

      await floodUntilDropped(s)
      socket.resume()
      await vi.waitFor(() => expect(messages.at(-1)).toEqual({ id: '1', type: 'complete' }), {
        timeout: 30_000,
      })
      const last = messages.at(-2)
      expect(last?.type).toBe('next')
      expect(last?.payload?.errors?.[0]?.extensions?.code).toBe('SUBSCRIBER_TOO_SLOW')
      expect(messages.filter((m) => m.type === 'next').length).toBeGreaterThan(10)
    } finally {
      socket.terminate()
    }
  })
  it('closes an SSE subscriber that stops reading the same way', async () => {
    stack = await startServerStack({ limits: { subscriberQueueLimit: 10 } })
    const s = stack
    const body = JSON.stringify({ query: 'subscription { transactions { hash input } }' })
    const request = httpRequest(s.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    })
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request.once('response', resolve).once('error', reject)
      request.end(body)
    })
    try {
      expect(response.headers['content-type']).toMatch(/text\/event-stream/)
      await vi.waitFor(async () => expect((await healthOf(s)).subscriptions).toBe(1), { timeout: 10_000 })
      // Nothing reads `response` until the server has dropped the subscription.
      await floodUntilDropped(s)
      let text = ''
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8')
      })
      await vi.waitFor(() => expect(text).toMatch(/event: complete/), { timeout: 30_000 })
      const events = text.split('\n\n').filter((e) => e.startsWith('event:'))
      expect(events.at(-1)).toMatch(/^event: complete/)
      const last = JSON.parse(/^data: (.*)$/m.exec(events.at(-2) ?? '')?.[1] ?? '{}')
      expect(last.errors?.[0]?.extensions?.code).toBe('SUBSCRIBER_TOO_SLOW')
    } finally {
      response.destroy()
      request.destroy()
    }
  })
})
