import { afterEach, expect, it, vi } from 'vitest'
import { type ServerStack, startServerStack } from '../../server/serverTestSupport.ts'
import { subscribeWs } from './subscriptionTestClients.ts'

const WAIT = { timeout: 20_000, interval: 20 }
let stack: ServerStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

type Rewind = { block: string; miniBlock: string; abandonedBlocks: number; abandonedMiniBlocks: number }
type Meta = { headBlock: string; headMiniBlock: string }

it('a revert reaches `rewinds` subscribers with what it abandoned, and _meta goes back with it', async () => {
  // No block timer: the blocks sealed are the ones the test seals.
  stack = await startServerStack({ chain: { blockIntervalMs: 2 ** 31 - 1 } })
  const s = stack
  const rewinds = subscribeWs<{ rewinds: Rewind }>(
    s.server.url,
    'subscription { rewinds { block miniBlock abandonedBlocks abandonedMiniBlocks } }',
  )
  const meta = subscribeWs<{ meta: Meta }>(
    s.server.url,
    'subscription { meta(intervalMs: 10) { headBlock headMiniBlock } }',
  )
  try {
    await vi.waitFor(async () => expect(await s.subscriptions()).toBe(2), WAIT)
    const [, bob] = s.chain.accounts
    await s.chain.sendEth(0, bob, 1n)
    const snapshot = (await s.chain.sequencer.dev({ op: 'snapshot' })).value
    const snapshotBlock = s.chain.sequencer.latestBlock().header.number
    await s.chain.sendEth(0, bob, 2n)
    await s.caughtUp()
    await s.chain.sendEth(0, bob, 3n)
    await s.chain.sendEth(0, bob, 4n)
    await s.caughtUp()
    const before = (await s.gql<{ _meta: Meta }>('{ _meta { headBlock headMiniBlock } }')).data!._meta
    expect(BigInt(before.headBlock)).toBe(snapshotBlock + 2n)

    expect((await s.chain.sequencer.dev({ op: 'revert', id: snapshot })).value).toBe(1n)
    await vi.waitFor(() => expect(rewinds.data).toHaveLength(1), WAIT)
    const rewind = rewinds.data[0].rewinds
    expect(rewind.block).toBe(snapshotBlock.toString())
    expect(rewind.abandonedBlocks).toBe(2)
    expect(rewind.abandonedMiniBlocks).toBe(Number(BigInt(before.headMiniBlock) - BigInt(rewind.miniBlock)))
    expect(rewind.abandonedMiniBlocks).toBeGreaterThanOrEqual(3)
    const head = { headBlock: rewind.block, headMiniBlock: rewind.miniBlock }
    expect((await s.gql<{ _meta: Meta }>('{ _meta { headBlock headMiniBlock } }')).data!._meta).toEqual(head)
    // The live head goes back too (it is not re-read from the database after each batch).
    await vi.waitFor(() => expect(meta.data.at(-1)?.meta).toEqual(head), WAIT)
    expect(rewinds.errors).toEqual([])
  } finally {
    await rewinds.close()
    await meta.close()
  }
})
