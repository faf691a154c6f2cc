import { describe, expect, it } from 'vitest'
import { createSubscriptionRegistry, type TopicMember } from './createSubscriptionRegistry.ts'
import type { SubscriptionReplay } from './createSubscriptionReplay.ts'
import { defaultSubscriptionKinds } from './defaultSubscriptionKinds.ts'

function setup(maxPerConnection = 8) {
  const published: [string, string][] = []
  const registry = createSubscriptionRegistry({
    kinds: defaultSubscriptionKinds,
    bus: { publish: (topic, message) => published.push([topic, message]) },
    maxPerConnection,
  })
  const member = (): TopicMember & { topics: Set<string>; sent: string[] } => {
    const topics = new Set<string>()
    const sent: string[] = []
    return {
      topics,
      sent,
      subscribe: (t) => topics.add(t),
      unsubscribe: (t) => topics.delete(t),
      send: (message) => sent.push(message),
    }
  }
  return { registry, published, member }
}

describe('createSubscriptionRegistry', () => {
  it('gives connections the same id per channel slot, so a payload is serialized once', () => {
    const { registry, published, member } = setup()
    const m1 = member()
    const m2 = member()
    const id1 = registry.connect(m1).subscribe('newHeads', undefined)
    const id2 = registry.connect(m2).subscribe('newHeads', undefined)
    expect(id1).toBe(id2)
    registry.publishKind('newHeads', { number: '0x1' }, 7n)
    expect(published).toEqual([
      [
        id1,
        `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"${id1}","miniBlock":"0x7","result":{"number":"0x1"}}}`,
      ],
    ])
    expect(registry.count()).toBe(2)
  })

  it('uses a second slot for a second subscription on one connection, and frees it', () => {
    const { registry, published, member } = setup()
    const conn = registry.connect(member())
    const a = conn.subscribe('miniBlocks', null)
    const b = conn.subscribe('miniBlocks', null)
    expect(a).not.toBe(b)
    registry.publishKind('miniBlocks', 1, 1n)
    expect(published.map(([topic]) => topic)).toEqual([a, b])
    expect(conn.unsubscribe(b)).toBe(true)
    published.length = 0
    registry.publishKind('miniBlocks', 2, 2n)
    expect(published.map(([topic]) => topic)).toEqual([a])
  })

  it('groups logs subscriptions by normalized filter', () => {
    const { registry, member } = setup()
    const address = `0x${'AB'.repeat(20)}`
    registry.connect(member()).subscribe('logs', { address })
    registry.connect(member()).subscribe('logs', { address: address.toLowerCase() })
    registry.connect(member()).subscribe('logs', { topics: [null, `0x${'01'.repeat(32)}`] })
    const channels = registry.channels('logs')
    expect(channels).toHaveLength(2)
    expect(channels[0].filter).toEqual({ address: address.toLowerCase() })
  })

  it('refuses logs filters of the wrong shape, naming the field', () => {
    const { registry, member } = setup()
    const conn = registry.connect(member())
    const topic = `0x${'01'.repeat(32)}`
    expect(() => conn.subscribe('logs', { topics: [[[topic]]] })).toThrow(
      /topics: expected a 32-byte hex hash/,
    )
    expect(() => conn.subscribe('logs', { topics: ['0x01'] })).toThrow(/topics: expected a 32-byte hex hash/)
    expect(() => conn.subscribe('logs', { topics: [null, null, null, null, null] })).toThrow(
      /at most 4 topics/,
    )
    expect(() => conn.subscribe('logs', { address: '0x1234' })).toThrow(
      /address: expected a 20-byte hex address/,
    )
    expect(() => conn.subscribe('logs', { fromBlock: '0x01' })).toThrow(/fromBlock: expected a block number/)
    expect(() => conn.subscribe('logs', { fromBlock: 7 })).toThrow(/fromBlock: expected a block number/)
    expect(() => conn.subscribe('logs', { fromBlock: '0x3', toBlock: '0x2' })).toThrow(/after toBlock/)
    expect(() => conn.subscribe('logs', { blockHash: topic })).toThrow(/takes no blockHash/)
    expect(() => conn.subscribe('miniBlocks', { detail: 'hashes', fromMiniBlock: '0x5' })).toThrow(
      /no history to resume from/,
    )
    expect(() => conn.subscribe('miniBlocks', { detail: 'hashes', from: '0x5' })).toThrow(
      /miniBlocks takes only "detail", "coalesceMs", "fromMiniBlock", not "from"/,
    )
    expect(registry.channels('logs')).toHaveLength(0)
    conn.subscribe('logs', { topics: [[topic, topic], null] })
    expect(registry.channels('logs')).toHaveLength(1)
  })

  it('rejects unknown kinds, params on unfiltered kinds, and subscriptions over the limit', () => {
    const { registry, member } = setup(2)
    const conn = registry.connect(member())
    expect(() => conn.subscribe('newBlocks', undefined)).toThrow(/unknown subscription kind/)
    expect(() => conn.subscribe('newHeads', { x: 1 })).toThrow(/newHeads takes only "fromMiniBlock"/)
    expect(() => conn.subscribe('heartbeats', { x: 1 })).toThrow(/takes no parameters/)
    expect(() => conn.subscribe('logs', 'all')).toThrow(/filter object/)
    conn.subscribe('newHeads', undefined)
    conn.subscribe('newHeads', undefined)
    expect(() => conn.subscribe('newHeads', undefined)).toThrow(/limit of 2/)
  })

  it('drops channels and skips serialization when nobody listens', () => {
    const { registry, published, member } = setup()
    const conn = registry.connect(member())
    conn.subscribe('stateChanges', undefined)
    conn.clear()
    expect(registry.count()).toBe(0)
    expect(registry.channels('stateChanges')).toHaveLength(0)
    let serialized = false
    registry.publishKind(
      'stateChanges',
      {
        toJSON() {
          serialized = true
          return 1
        },
      },
      1n,
    )
    expect(serialized).toBe(false)
    expect(published).toHaveLength(0)
  })

  it('replays after the answer, then joins the live topic; refuses a replay over its byte budget', () => {
    // Mini-blocks 1..head, one 12-byte result each ("xxxxxxxxxx" serialized).
    let head = 10n
    const replay: SubscriptionReplay = {
      check() {},
      *notifications(_kind, _filter, from) {
        for (let n = from; n <= head; n++) yield { miniBlock: n, result: 'x'.repeat(10) }
      },
      position: () => ({ miniBlock: head, block: 1n }),
    }
    const published: [string, string][] = []
    const registry = createSubscriptionRegistry({
      kinds: defaultSubscriptionKinds,
      bus: { publish: (topic, message) => published.push([topic, message]) },
      maxPerConnection: 8,
      replay,
      maxReplayBytes: 50,
    })
    const topics = new Set<string>()
    const sent: string[] = []
    const conn = registry.connect({
      subscribe: (t) => topics.add(t),
      unsubscribe: (t) => topics.delete(t),
      send: (message) => sent.push(message),
    })
    // 10 × 12 bytes do not fit in 50; the newest four (48) do.
    expect(() => conn.subscribe('miniBlocks', { detail: 'header', fromMiniBlock: 1 })).toThrow(
      /the oldest replayable mini-block is 7/,
    )
    const replies: (() => void)[] = []
    const id = conn.subscribe('miniBlocks', { detail: 'header', fromMiniBlock: '0x7' }, (run) =>
      replies.push(run),
    )
    expect(sent).toEqual([])
    expect(topics.size).toBe(0)
    head = 11n // a mini-block applied before the answer was written: it follows the prepared four
    replies[0]()
    const numbers = sent.map((m) => (JSON.parse(m) as { params: { miniBlock: string } }).params.miniBlock)
    expect(numbers).toEqual(['0x7', '0x8', '0x9', '0xa', '0xb'])
    expect([...topics]).toEqual([id])
  })
})

describe('gathering while the edge is behind the stream', () => {
  const turnEnds = () => new Promise((resolve) => setImmediate(resolve))
  const frame = (message: string) =>
    JSON.parse(message).params as { miniBlock: string; coalesced?: true; result: unknown }

  it("sends a turn's results as one coalesced frame per subscriber of a lighter detail, and MegaETH's shape plain", async () => {
    const { registry, published, member } = setup()
    const hashes = registry.connect(member()).subscribe('miniBlocks', { detail: 'hashes' })
    const full = registry.connect(member()).subscribe('miniBlocks', null)
    registry.gatherThisTurn()
    for (const n of [1n, 2n, 3n]) registry.publishKind('miniBlocks', { number: `0x${n}` }, n)
    expect(published.map(([topic]) => topic)).toEqual([full, full, full])
    await turnEnds()
    expect(published.map(([topic]) => topic)).toEqual([full, full, full, hashes])
    expect(frame(published[3][1])).toEqual({
      subscription: hashes,
      miniBlock: '0x3',
      coalesced: true,
      result: [{ number: '0x1' }, { number: '0x2' }, { number: '0x3' }],
    })
    expect(registry.stats().gatheredTurns).toBe(1)
  })

  it('sends a lone gathered result as a plain notification, and stops gathering when the turn ends', async () => {
    const { registry, published, member } = setup()
    const id = registry.connect(member()).subscribe('miniBlocks', { detail: 'header' })
    registry.gatherThisTurn()
    registry.publishKind('miniBlocks', { number: '0x1' }, 1n)
    await turnEnds()
    registry.publishKind('miniBlocks', { number: '0x2' }, 2n)
    expect(
      published.map(([topic, message]) => [topic, frame(message).coalesced, frame(message).result]),
    ).toEqual([
      [id, undefined, { number: '0x1' }],
      [id, undefined, { number: '0x2' }],
    ])
  })

  it('flushes what was gathered before a new subscriber joins the channel, so it gets nothing older than itself', () => {
    const { registry, published, member } = setup()
    const first = registry.connect(member()).subscribe('miniBlocks', { detail: 'hashes' })
    registry.gatherThisTurn()
    registry.publishKind('miniBlocks', { number: '0x1' }, 1n)
    registry.publishKind('miniBlocks', { number: '0x2' }, 2n)
    const joining = member()
    registry.connect(joining).subscribe('miniBlocks', { detail: 'hashes' })
    // Sent on the first slot's topic before the newcomer subscribed to it.
    expect(published.map(([topic]) => topic)).toEqual([first])
    expect(frame(published[0][1]).coalesced).toBe(true)
    registry.flushGathered()
    expect(published).toHaveLength(1)
  })
})
