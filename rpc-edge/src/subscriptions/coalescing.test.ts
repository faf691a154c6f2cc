import { type BlockSource, createMemoryState, type MiniBlock } from '@rtevm/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChainMethods } from '../methods/index.ts'
import type { RpcServer } from '../server/index.ts'
import { openSocket, startTestServer, type TestSocket } from '../server/rpcTestSupport.ts'
import { createStreamPublisher, type StreamPublisher } from './createStreamPublisher.ts'

/** A mini-block of `txs` transfers; only what the lighter details read is filled in. */
function miniBlock(number: bigint, txs = 1): MiniBlock {
  const hash = (i: number) => {
    const h = new Uint8Array(32)
    new DataView(h.buffer).setUint32(0, Number(number))
    new DataView(h.buffer).setUint32(4, i)
    return h
  }
  return {
    number,
    blockNumber: 1n,
    indexInBlock: Number(number) - 1,
    firstTxIndex: 0,
    timestampUs: 1_700_000_000_000_000n + number,
    gasUsed: 21_000n * BigInt(txs),
    transactions: Array.from({ length: txs }, (_, i) => ({
      raw: new Uint8Array([1]),
      hash: hash(i),
      from: new Uint8Array(20),
    })),
    receipts: Array.from({ length: txs }, () => ({
      status: 1,
      gasUsed: 21_000n,
      cumulativeGasUsed: 21_000n,
      effectiveGasPrice: 1n,
      logs: [],
    })),
    stateDiff: { accounts: [] },
  }
}

const blocks: BlockSource = {
  head: () => ({ miniBlock: 0n, block: 0n, safe: 0n, finalized: 0n }),
  getBlockByNumber: () => undefined,
  getBlockByHash: () => undefined,
  getMiniBlock: () => undefined,
  getTransaction: () => undefined,
  getLogs: () => [],
}

type Notification = {
  params: { subscription: string; miniBlock: string; coalesced?: true; result: unknown }
}

async function subscribe(s: TestSocket, params: unknown[]): Promise<string> {
  s.send({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params })
  const answer = (await s.next()) as { result?: string; error?: unknown }
  if (!answer.result) throw new Error(`eth_subscribe failed: ${JSON.stringify(answer.error)}`)
  return answer.result
}

/** Mini-block numbers a `miniBlocks` notification carries: one, or every one of a coalesced frame. */
function numbersOf(n: Notification): bigint[] {
  const results = n.params.coalesced ? (n.params.result as { number: string }[]) : [n.params.result]
  return results.map((r) => BigInt((r as { number: string }).number))
}

// Backpressure limit 8 MiB: a connection is behind past 64 KiB unsent in uWS and catches up below 16 KiB.
const LIMIT = 8 * 1024 * 1024
let server: RpcServer
let publisher: StreamPublisher
let next = 1n
const publishMiniBlock = (txs = 1) =>
  publisher.publish({ kind: 'miniBlock', seq: next, miniBlock: miniBlock(next++, txs) })

beforeAll(async () => {
  server = await startTestServer({
    config: { maxWsBackpressureBytes: LIMIT },
    methods: createChainMethods({ state: createMemoryState(), blocks }),
  })
  publisher = createStreamPublisher({ registry: server.subscriptions, blocks })
})
afterAll(() => server.close())

describe('miniBlocks fan-out', () => {
  it('encodes each mini-block once per kind and detail, however many subscribe and however they receive it', async () => {
    const sockets = await Promise.all(Array.from({ length: 6 }, () => openSocket(server.wsUrl)))
    const asked = [
      ['miniBlocks', { detail: 'header' }],
      ['miniBlocks', { detail: 'header' }],
      ['fragments', { detail: 'header' }],
      ['miniBlocks', { detail: 'header', coalesceMs: 5 }],
      ['miniBlocks', { detail: 'hashes' }],
      ['fragments', { detail: 'hashes', coalesceMs: 7 }],
    ]
    const ids = await Promise.all(sockets.map((s, i) => subscribe(s, asked[i])))
    const before = server.subscriptions.stats().encoded
    const number = next
    publishMiniBlock()
    expect(server.subscriptions.stats().encoded - before).toBe(2)
    for (const [i, s] of sockets.entries()) {
      const n = (await s.next()) as Notification
      expect(n.params.subscription).toBe(ids[i])
      expect(numbersOf(n)).toEqual([number])
      expect(n.params.miniBlock).toBe(`0x${number.toString(16)}`)
      s.ws.close()
    }
  })

  it('with coalesceMs, delivers every mini-block in order in fewer frames', async () => {
    const s = await openSocket(server.wsUrl)
    const id = await subscribe(s, ['miniBlocks', { detail: 'hashes', coalesceMs: 50 }])
    const first = next
    // Published in one synchronous step: none can be sent before the interval's timer runs.
    for (let i = 0; i < 20; i++) publishMiniBlock(3)
    const got: bigint[] = []
    let frames = 0
    while (got.length < 20) {
      const n = (await s.next()) as Notification
      frames++
      expect(n.params).toMatchObject({ subscription: id, coalesced: true })
      const numbers = numbersOf(n)
      expect(n.params.miniBlock).toBe(`0x${numbers.at(-1)!.toString(16)}`)
      expect((n.params.result as { transactions: string[] }[])[0].transactions).toHaveLength(3)
      got.push(...numbers)
    }
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => first + BigInt(i)))
    expect(frames).toBeLessThan(20)
    s.ws.close()
  })

  it('refuses a coalescing interval out of bounds', async () => {
    const s = await openSocket(server.wsUrl)
    for (const coalesceMs of [0, 1001, 2.5, '10']) {
      s.send({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['miniBlocks', { coalesceMs }] })
      expect(((await s.next()) as { error: { code: number } }).error.code).toBe(-32602)
    }
    s.ws.close()
  })

  it('coalesces for a reader that stops reading, instead of closing it, and it loses nothing', async () => {
    const slow = await openSocket(server.wsUrl)
    const fast = await openSocket(server.wsUrl)
    const slowId = await subscribe(slow, ['miniBlocks', { detail: 'hashes' }])
    await subscribe(fast, ['miniBlocks', { detail: 'hashes' }])
    const slowGot: Notification[] = []
    const fastGot: bigint[] = []
    // Read off the queue as it fills; the slow one only counts what its paused socket lets through.
    const drainQueue = async (s: TestSocket, sink: (n: Notification) => void, until: () => boolean) => {
      while (!until()) sink((await s.next()) as Notification)
    }
    const first = next
    slow.ws.pause()
    // ~100 kB per mini-block: until the kernel's buffers fill and uWS starts holding bytes.
    for (let i = 0; i < 400 && server.subscriptions.stats().heldConnections === 0; i++) {
      publishMiniBlock(1_500)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(server.subscriptions.stats().heldConnections).toBe(1)
    const framesBefore = server.subscriptions.stats().coalescedFrames
    for (let i = 0; i < 10; i++) publishMiniBlock(1_500)
    const last = next - 1n
    const expected = Array.from({ length: Number(last - first + 1n) }, (_, i) => first + BigInt(i))
    await drainQueue(
      fast,
      (n) => fastGot.push(...numbersOf(n)),
      () => fastGot.length >= expected.length,
    )
    expect(fastGot).toEqual(expected)

    slow.ws.resume()
    const slowNumbers = () => slowGot.flatMap(numbersOf)
    await drainQueue(
      slow,
      (n) => slowGot.push(n),
      () => slowNumbers().length >= expected.length,
    )
    expect(slowNumbers()).toEqual(expected)
    expect(slowGot.every((n) => n.params.subscription === slowId)).toBe(true)
    const coalesced = slowGot.filter((n) => n.params.coalesced)
    expect(coalesced.length).toBeGreaterThan(0)
    expect(server.subscriptions.stats().coalescedFrames).toBeGreaterThan(framesBefore)
    // Caught up: back to one notification per mini-block, on an open socket.
    await expect.poll(() => server.subscriptions.stats().heldConnections).toBe(0)
    publishMiniBlock()
    const after = (await slow.next()) as Notification
    expect(after.params.coalesced).toBeUndefined()
    expect(numbersOf(after)).toEqual([last + 1n])
    expect(server.connections()).toBe(2)
    slow.ws.close()
    fast.ws.close()
  })
})
