import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge } from '../edge/edgeTestSupport.ts'
import { createProbeSender } from './realtimeTestSupport.ts'

let running: TestEdge
let sender: ReturnType<typeof createProbeSender>
let probe: Hex

beforeAll(async () => {
  running = await startTestEdge({ maxCallAfterWaiters: 2, maxCallAfterTimeoutMs: 2_000 })
  sender = createProbeSender(running.edge.url)
  probe = await sender.deploy()
})

afterAll(async () => {
  await running.close()
})

const rpc = (method: string, params: unknown[]) => rawRpc(running.edge.url, method, params)
const unknownHash = `0x${'ab'.repeat(32)}`

describe('eth_callAfter', () => {
  it('waits for a transaction sent with eth_sendRawTransaction and answers from its post-state', async () => {
    const raw = await sender.bump(probe, 1)
    const hash = sender.hashOf(raw)
    // Asked before the transaction exists anywhere: the answer must wait for it.
    const answer = rpc('eth_callAfter', [sender.countCall(probe), hash])
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(await sender.send(raw)).toBe(hash)
    expect(BigInt((await answer).result as string)).toBe(1n)
    // Already included: answered at once.
    const again = await rpc('eth_callAfter', [sender.countCall(probe), hash, 100])
    expect(BigInt(again.result as string)).toBe(1n)
  })

  it('waits for a mini-block or a sealed block number', async () => {
    const head = running.edge.replica.head()
    const next = `0x${(head.miniBlock + 1n).toString(16)}`
    const answer = rpc('eth_callAfter', [sender.countCall(probe), { miniBlock: next }])
    await sender.send(await sender.bump(probe, 2))
    expect(BigInt((await answer).result as string)).toBe(2n)
    const block = `0x${(head.block + 1n).toString(16)}`
    const sealed = await rpc('eth_callAfter', [sender.countCall(probe), { blockNumber: block }, 1_000])
    expect(BigInt(sealed.result as string)).toBe(2n)
    expect(running.edge.replica.head().block).toBeGreaterThan(head.block)
  })

  it('times out with code 4 and the hash or condition in data', async () => {
    const started = Date.now()
    const byHash = await rpc('eth_callAfter', [sender.countCall(probe), unknownHash, 50])
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(byHash.error).toEqual({
      code: 4,
      message: 'transaction not included within 50 ms',
      data: unknownHash,
    })
    const far = await rpc('eth_callAfter', [sender.countCall(probe), { miniBlock: '0xffffff' }, 20])
    expect(far.error).toMatchObject({ code: 4, data: { miniBlock: '0xffffff' } })
  })

  it('refuses waiters beyond the limit with -32005, and bad conditions or calls with -32602 at once', async () => {
    const waiting = [1, 2].map(() => rpc('eth_callAfter', [sender.countCall(probe), unknownHash, 300]))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const third = await rpc('eth_callAfter', [sender.countCall(probe), unknownHash, 300])
    expect(third.error?.code).toBe(-32005)
    expect(third.error?.message).toMatch(/waiting eth_callAfter calls of 3 exceeds the limit of 2/)
    for (const answer of await Promise.all(waiting)) expect(answer.error?.code).toBe(4)
    // Waiters gone, room again: an already-true condition answers at once.
    const free = await rpc('eth_callAfter', [sender.countCall(probe), { miniBlock: '0x1' }])
    expect(BigInt(free.result as string)).toBe(2n)

    for (const after of [
      '0x1234',
      { block: '0x1' },
      { miniBlock: 1 },
      { miniBlock: '0x1', blockNumber: '0x1' },
    ]) {
      const bad = await rpc('eth_callAfter', [sender.countCall(probe), after])
      expect(bad.error?.code).toBe(-32602)
    }
    const started = Date.now()
    const badCall = await rpc('eth_callAfter', [{ to: 'nope' }, unknownHash, 2_000])
    expect(badCall.error?.code).toBe(-32602)
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})
