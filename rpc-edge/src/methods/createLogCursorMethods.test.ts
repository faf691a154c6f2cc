import { type Hex, hexToBytes } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge } from '../edge/edgeTestSupport.ts'
import { createProbeSender } from './realtimeTestSupport.ts'

type RpcLog = { transactionHash: Hex; logIndex: Hex; blockNumber: Hex }
type Page = { logs: RpcLog[]; cursor?: string }

let running: TestEdge
let sender: ReturnType<typeof createProbeSender>
let probe: Hex

beforeAll(async () => {
  running = await startTestEdge({ logPageSize: 2, maxLogPageSize: 5 })
  sender = createProbeSender(running.edge.url)
  probe = await sender.deploy()
  // Bursts (several logs per mini-block) spread over several 100 ms blocks.
  for (let burst = 0; burst < 4; burst++) {
    const raws = await Promise.all([0, 1, 2, 3, 4].map(() => sender.bump(probe, burst)))
    // Straight to the sequencer in one tick: its recovery batches them into one mini-block.
    await Promise.all(raws.map((raw) => running.sequencer.submit(hexToBytes(raw))))
    await new Promise((resolve) => setTimeout(resolve, 120))
  }
})

afterAll(async () => {
  await running.close()
})

const rpc = (method: string, params: unknown[]) => rawRpc(running.edge.url, method, params)
const positionOf = (log: RpcLog) => `${log.transactionHash}:${log.logIndex}`
const WAIT = { timeout: 10_000, interval: 10 }

/** Waits for `hash`'s receipt, seals the open block and waits until the edge serves that block sealed. */
async function sealThrough(hash: Hex): Promise<void> {
  const receipt = await vi.waitFor(async () => {
    const answer = (await rpc('eth_getTransactionReceipt', [hash])).result as { blockNumber: Hex } | null
    expect(answer).not.toBeNull()
    return answer as { blockNumber: Hex }
  }, WAIT)
  await running.sequencer.sealBlock()
  await vi.waitFor(async () => {
    const block = (await rpc('eth_getBlockByNumber', [receipt.blockNumber, false])).result as {
      hash: Hex
    } | null
    expect(block?.hash).toBeDefined()
    expect(BigInt(block?.hash ?? 0)).not.toBe(0n)
  }, WAIT)
}

async function page(filter: Record<string, unknown>): Promise<Page> {
  const answer = await rpc('eth_getLogsWithCursor', [filter])
  if (answer.error) throw new Error(answer.error.message)
  return answer.result as Page
}

describe('eth_getLogsWithCursor', () => {
  it('pages through many mini-blocks and blocks to exactly what one eth_getLogs returns, while new logs arrive', async () => {
    const filter = { fromBlock: '0x0', toBlock: 'latest', address: probe }
    const paged: RpcLog[] = []
    let cursor: string | undefined
    let pages = 0
    let last: Hex | undefined
    do {
      const next = await page({ ...filter, limit: 3, ...(cursor ? { cursor } : {}) })
      expect(next.logs.length).toBeLessThanOrEqual(3)
      paged.push(...next.logs)
      cursor = next.cursor
      // New mini-blocks keep arriving during the first pages; a cursor still resumes exactly.
      if (pages++ < 4) last = await sender.send(await sender.bump(probe, 100 + pages))
      // Before the cursor reaches them, their block is sealed and at the edge: a log read from the
      // open block has no block hash yet, so it would differ from the same log read afterwards.
      if (pages === 4 && last !== undefined) await sealThrough(last)
    } while (cursor)
    const all = (await rpc('eth_getLogs', [filter])).result as RpcLog[]
    expect(all).toHaveLength(24)
    expect(new Set(all.map((log) => log.blockNumber)).size).toBeGreaterThan(2)
    // Some mini-block holds several of them, so some page boundary falls inside a mini-block.
    const miniBlocks = all.map(
      (log) => running.edge.replica.getTransaction(hexToBytes(log.transactionHash))?.miniBlockNumber,
    )
    expect(new Set(miniBlocks).size).toBeLessThan(all.length)
    expect(paged.map(positionOf)).toEqual(all.map(positionOf))
    expect(paged).toEqual(all)
  })

  it('has a cursor exactly when more logs remain in the range', async () => {
    const all = (await rpc('eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }])).result as RpcLog[]
    const first = await page({ fromBlock: '0x0', toBlock: 'latest', limit: all.length - 1 })
    expect(first.logs).toHaveLength(5) // capped at maxLogPageSize
    const exact = await page({
      fromBlock: '0x0',
      toBlock: 'latest',
      limit: 5,
      address: probe,
      topics: [null, null, null],
    })
    expect(exact.cursor).toBeDefined()
    // A range whose logs fit one page: no cursor.
    const block = all[0].blockNumber
    const within = (await rpc('eth_getLogs', [{ fromBlock: block, toBlock: block }])).result as RpcLog[]
    expect(within.length).toBeLessThanOrEqual(5)
    const one = await page({ fromBlock: block, toBlock: block, limit: 5 })
    expect(one.logs).toEqual(within)
    expect(one.cursor).toBeUndefined()
    // A page ending on the range's last log has no cursor either.
    const ends = await page({ fromBlock: block, toBlock: block, limit: within.length })
    expect(ends.cursor).toBeUndefined()
  })

  it('uses the default page size, caps large limits, and refuses limit 0', async () => {
    const filter = { fromBlock: '0x0', toBlock: 'latest' }
    expect((await page(filter)).logs).toHaveLength(2)
    expect((await page({ ...filter, limit: '0x64' })).logs).toHaveLength(5)
    const zero = await rpc('eth_getLogsWithCursor', [{ ...filter, limit: 0 }])
    expect(zero.error?.code).toBe(-32602)
    expect(zero.error?.message).toMatch(/limit of at least 1/)
  })

  it('refuses malformed cursors with -32602 and cursors from ahead of this edge with -32000', async () => {
    for (const cursor of ['nope', '0x02', 7, `0x01${'0'.repeat(23)}`]) {
      const answer = await rpc('eth_getLogsWithCursor', [{ fromBlock: '0x0', cursor }])
      expect(answer.error?.code).toBe(-32602)
      expect(answer.error?.message).toMatch(/cursor as returned by a previous eth_getLogsWithCursor/)
    }
    const ahead = `0x01${'f'.repeat(15)}0${'0'.repeat(8)}`
    const answer = await rpc('eth_getLogsWithCursor', [{ fromBlock: '0x0', cursor: ahead }])
    expect(answer.error?.code).toBe(-32000)
    expect(answer.error?.message).toMatch(/ahead of this edge/)
  })
})
