import type { BlockSource, MiniBlock } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { createStreamPublisher } from './createStreamPublisher.ts'
import { createSubscriptionRegistry } from './createSubscriptionRegistry.ts'
import { defaultSubscriptionKinds } from './defaultSubscriptionKinds.ts'

const SEALED_US = 1_700_000_000_000_000n

function miniBlock(number: bigint): MiniBlock {
  return {
    number,
    blockNumber: 1n,
    indexInBlock: Number(number) - 1,
    firstTxIndex: 0,
    timestampUs: SEALED_US,
    gasUsed: 0n,
    transactions: [],
    receipts: [],
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

/** A publisher whose wall clock reads `lagMs` after every mini-block's sealing, and the frames it sends. */
function setup(lagMs: number) {
  const published: string[] = []
  const registry = createSubscriptionRegistry({
    kinds: defaultSubscriptionKinds,
    bus: { publish: (_topic, message) => published.push(message) },
    maxPerConnection: 8,
  })
  registry
    .connect({ subscribe() {}, unsubscribe() {}, send() {} })
    .subscribe('miniBlocks', { detail: 'header' })
  const now = () => Number(SEALED_US) / 1000 + lagMs
  const publisher = createStreamPublisher({ registry, blocks, gatherBehindMs: 10, now })
  const coalesced = () => published.filter((m) => JSON.parse(m).params.coalesced === true).length
  return { publisher, registry, published, coalesced }
}

describe('the stream publisher gathers while the edge is behind', () => {
  it('sends mini-blocks that arrive on time one notification each', () => {
    const { publisher, published, registry } = setup(2)
    for (const n of [1n, 2n, 3n]) publisher.publish({ kind: 'miniBlock', seq: n, miniBlock: miniBlock(n) })
    expect(published).toHaveLength(3)
    expect(registry.stats().gatheredTurns).toBe(0)
  })

  it('gathers stale mini-blocks of one turn into one frame', async () => {
    const { publisher, published, coalesced } = setup(50)
    for (const n of [1n, 2n, 3n]) publisher.publish({ kind: 'miniBlock', seq: n, miniBlock: miniBlock(n) })
    expect(published).toHaveLength(0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(published).toHaveLength(1)
    expect(coalesced()).toBe(1)
  })
})
