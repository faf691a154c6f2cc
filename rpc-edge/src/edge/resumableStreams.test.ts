import { createSenders } from '@rtevm/testkit'
import { toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge } from './edgeTestSupport.ts'
import { type Notification, openStream } from './streamTestSupport.ts'

const SENDERS = 10
const PER_SENDER = 30
const senders = createSenders(SENDERS)
const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }

let running: TestEdge
beforeAll(async () => {
  running = await startTestEdge({ heartbeatIntervalMs: 50 }, { alloc: senders.alloc })
})
afterAll(() => running.close())

const newest = () => running.edge.replica.head().miniBlock

/** `PER_SENDER` transfers from each sender, senders in parallel; resolves with every hash. */
async function load(): Promise<Set<string>> {
  const hashes = new Set<string>()
  await Promise.all(
    senders.signers.map(async (signer, s) => {
      for (let nonce = 0n; nonce < BigInt(PER_SENDER); nonce++) {
        const to = senders.signers[(s + 1) % SENDERS].address
        const raw = signer.sign({ nonce, to, value: 1n, gasLimit: 21_000n, ...fees })
        const answer = await rawRpc(running.edge.url, 'eth_sendRawTransaction', [toHex(raw)])
        if (answer.error) throw new Error(answer.error.message)
        hashes.add(answer.result as string)
      }
    }),
  )
  return hashes
}

describe('gap-free, resumable streams', () => {
  it('a client dropped under load and resuming from the last mini-block it saw misses nothing', async () => {
    const seen: bigint[] = []
    const included: string[] = []
    const pending = new Set<string>()
    let lastPending = 1n
    const keep = (miniBlocks: Notification[], hashes: Notification[]) => {
      for (const n of miniBlocks) {
        const result = n.result as { number: string; transactions: string[] }
        expect(n.miniBlock).toBe(result.number)
        seen.push(BigInt(result.number))
        included.push(...result.transactions)
      }
      for (const n of hashes) pending.add(n.result as string)
      if (hashes.length > 0) lastPending = BigInt(hashes[hashes.length - 1].miniBlock)
    }
    /** miniBlocks resume after the last complete one; newPendingTransactions from the last one seen, duplicates dropped. */
    const follow = async () => {
      const client = await openStream(running.edge.wsUrl)
      const from = seen.length === 0 ? 1n : seen[seen.length - 1] + 1n
      const miniBlocks = await client.subscribe([
        'miniBlocks',
        { detail: 'hashes', fromMiniBlock: toHex(from) },
      ])
      const hashes = await client.subscribe(['newPendingTransactions', { fromMiniBlock: toHex(lastPending) }])
      // Heartbeats keep the waits below waking once the chain is idle.
      await client.subscribe(['heartbeats'])
      return { client, miniBlocks, hashes }
    }

    let done = false
    const sent = load().finally(() => {
      done = true
    })
    let replays = 0
    for (let drop = 0; drop < 4; drop++) {
      const headAtResume = newest()
      const { client, miniBlocks, hashes } = await follow()
      // A resume that had history to replay: its first notification is older than the head it subscribed at.
      await client.until(() => done || client.notifications(miniBlocks).length > 0)
      const first = client.notifications(miniBlocks)[0]
      if (first && BigInt(first.miniBlock) <= headAtResume) replays++
      await client.until(() => done || client.notifications(miniBlocks).length >= 3)
      client.drop()
      keep(client.notifications(miniBlocks), client.notifications(hashes))
      // Reconnect only once the chain has moved on without us, so the resume has history to replay.
      const last = seen[seen.length - 1] ?? 0n
      while (!done && newest() < last + 5n) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const hashesSent = await sent
    expect(replays).toBeGreaterThan(0)
    const { client, miniBlocks, hashes } = await follow()
    const head = newest()
    await client.until(() => {
      const got = client.notifications(miniBlocks)
      return got.length > 0 && BigInt(got[got.length - 1].miniBlock) === head
    })
    keep(client.notifications(miniBlocks), client.notifications(hashes))
    await client.close()

    // Every mini-block exactly once, in order, and in them every transaction sent.
    expect(seen).toEqual(Array.from({ length: Number(head) }, (_, i) => BigInt(i + 1)))
    expect(new Set(included)).toEqual(hashesSent)
    expect(included).toHaveLength(hashesSent.size)
    expect(pending).toEqual(hashesSent)
  })

  it('newHeads resume from a mini-block: every block sealed after it, in order, then live', async () => {
    const client = await openStream(running.edge.wsUrl)
    const from = newest() > 10n ? newest() - 10n : 1n
    const heads = await client.subscribe(['newHeads', { fromMiniBlock: toHex(from) }])
    const liveFrom = running.edge.replica.head().block + 2n
    await client.until(() =>
      client.notifications(heads).some((n) => BigInt((n.result as { number: string }).number) >= liveFrom),
    )
    await client.close()
    const numbers = client.notifications(heads).map((n) => BigInt((n.result as { number: string }).number))
    // The replay may hold no sealed block (the last mini-blocks can all be in the open one): the
    // two live ones at least, contiguous with whatever was replayed.
    expect(numbers.length).toBeGreaterThanOrEqual(2)
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + BigInt(i)))
    for (const n of client.notifications(heads)) expect(BigInt(n.miniBlock) >= from).toBe(true)
  })

  it('refuses a fromMiniBlock past the newest mini-block with -32602', async () => {
    const client = await openStream(running.edge.wsUrl)
    const beyond = await client.call('eth_subscribe', ['miniBlocks', { fromMiniBlock: toHex(newest() + 2n) }])
    expect(beyond.error?.code).toBe(-32602)
    // The next mini-block is not history yet: that is a plain live subscription.
    expect(
      (await client.call('eth_subscribe', ['miniBlocks', { fromMiniBlock: toHex(newest() + 1n) }])).result,
    ).toEqual(expect.any(String))
    await client.close()
  })

  it('sends heartbeats carrying the newest mini-block while the chain is idle', async () => {
    const client = await openStream(running.edge.wsUrl)
    const beats = await client.subscribe(['heartbeats'])
    await client.until(() => client.notifications(beats).length >= 2)
    await client.close()
    for (const beat of client.notifications(beats)) {
      expect(beat.result).toEqual({ miniBlock: toHex(newest()) })
      expect(beat.miniBlock).toBe(toHex(newest()))
    }
  })

  it('/health reports the lag, /metrics exports it', async () => {
    const health = await fetch(`${running.edge.url}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', lagMs: expect.any(Number), maxLagMs: 5_000 })
    const metrics = await (await fetch(`${running.edge.url}/metrics`)).text()
    expect(metrics).toMatch(/^rtevm_edge_lag_ms \d+$/m)
    expect(metrics).toMatch(/^# TYPE rtevm_edge_lag_ms gauge$/m)
    expect(metrics).toContain(`rtevm_edge_mini_block ${newest()}`)
  })
})

describe('an edge with a short replay window', () => {
  it('refuses a fromMiniBlock older than it can replay with a typed error naming the oldest', async () => {
    const short = await startTestEdge({ maxReplayMiniBlocks: 3 }, { alloc: senders.alloc })
    const [signer] = senders.signers
    const client = await openStream(short.edge.wsUrl)
    try {
      // One sync send per mini-block: each waits for the previous one's inclusion.
      for (let nonce = 0n; nonce < 6n; nonce++) {
        const raw = signer.sign({ nonce, to: signer.address, value: 1n, gasLimit: 21_000n, ...fees })
        expect(
          (await rawRpc(short.edge.url, 'eth_sendRawTransactionSync', [toHex(raw)])).error,
        ).toBeUndefined()
      }
      const head = short.edge.replica.head().miniBlock
      const old = await client.call('eth_subscribe', ['miniBlocks', { fromMiniBlock: '0x1' }])
      expect(old.error).toMatchObject({
        code: -32000,
        message: expect.stringContaining(`the oldest replayable mini-block is ${head - 2n}`),
        data: { oldestMiniBlock: toHex(head - 2n), newestMiniBlock: toHex(head) },
      })
      const replayed = await client.subscribe([
        'miniBlocks',
        { detail: 'header', fromMiniBlock: toHex(head - 2n) },
      ])
      await client.until(() => client.notifications(replayed).length === 3)
      expect(client.notifications(replayed).map((n) => BigInt(n.miniBlock))).toEqual([
        head - 2n,
        head - 1n,
        head,
      ])
    } finally {
      await client.close()
      await short.close()
    }
  })
})

describe('an edge cut off from its sequencer', () => {
  it('turns /health unhealthy once its lag passes the threshold', async () => {
    const cut = await startTestEdge({ maxLagMs: 200 })
    try {
      expect((await fetch(`${cut.edge.url}/health`)).status).toBe(200)
      await cut.link.close()
      await expect
        .poll(async () => (await fetch(`${cut.edge.url}/health`)).status, { timeout: 10_000, interval: 50 })
        .toBe(503)
      const body = (await (await fetch(`${cut.edge.url}/health`)).json()) as { status: string; lagMs: number }
      expect(body.status).toBe('unhealthy')
      expect(body.lagMs).toBeGreaterThan(200)
      const metrics = await (await fetch(`${cut.edge.url}/metrics`)).text()
      expect(Number(/^rtevm_edge_lag_ms (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(200)
    } finally {
      await cut.edge.close()
      await cut.sequencer.close()
    }
  })
})
