import { bytesToHex, type Hex } from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loggedChain, type ServerStack, startServerStack } from '../../server/serverTestSupport.ts'
import { type Received, subscribeSse, subscribeWs } from './subscriptionTestClients.ts'

const WAIT = { timeout: 20_000, interval: 20 }
let stack: ServerStack | undefined
const clients: Array<Received<unknown>> = []
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
  await stack?.close()
  stack = undefined
})

function track<T>(received: Received<T>): Received<T> {
  clients.push(received as Received<unknown>)
  return received
}

type MiniBlockEvent = { miniBlocks: { number: string; timestampUs: string; transactionCount: number } }
type TransactionEvent = {
  transactions: { hash: Hex; miniBlockNumber: string; stage: string; logs: unknown[] }
}

describe('GraphQL subscriptions', () => {
  it('deliver every mini-block and transaction exactly once, in order, over graphql-ws and SSE', async () => {
    stack = await startServerStack()
    const s = stack
    const miniBlockQuery = 'subscription { miniBlocks { number timestampUs transactionCount } }'
    const txQuery = 'subscription { transactions { hash miniBlockNumber stage logs { logIndex } } }'
    const streams = {
      wsMiniBlocks: track(subscribeWs<MiniBlockEvent>(s.server.url, miniBlockQuery)),
      sseMiniBlocks: track(subscribeSse<MiniBlockEvent>(s.server.url, miniBlockQuery)),
      wsTransactions: track(subscribeWs<TransactionEvent>(s.server.url, txQuery)),
      sseTransactions: track(subscribeSse<TransactionEvent>(s.server.url, txQuery)),
    }
    const [alice, bob] = s.chain.accounts
    // Subscribing is asynchronous: send until every stream has seen something, then the real load.
    await vi.waitFor(async () => {
      await s.chain.sendEth(0, bob, 1n)
      for (const stream of Object.values(streams)) expect(stream.data.length).toBeGreaterThan(0)
    }, WAIT)
    const { address: token } = await s.chain.deployToken(2, 1_000_000n)
    const load = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        s.chain.sendEth(i % 2, i % 2 === 0 ? bob : alice, BigInt(i + 1)),
      ),
      ...Array.from({ length: 10 }, () => s.chain.transferToken(2, token, bob, 1n)),
    ])
    await s.caughtUp()
    const logged = loggedChain(s.chain)
    const lastMiniBlock = logged.miniBlocks.at(-1)!.number.toString()
    const lastTx = bytesToHex(logged.transactions.at(-1)!.tx.hash)
    await vi.waitFor(() => {
      expect(streams.wsMiniBlocks.data.at(-1)?.miniBlocks.number).toBe(lastMiniBlock)
      expect(streams.sseMiniBlocks.data.at(-1)?.miniBlocks.number).toBe(lastMiniBlock)
      expect(streams.wsTransactions.data.at(-1)?.transactions.hash).toBe(lastTx)
      expect(streams.sseTransactions.data.at(-1)?.transactions.hash).toBe(lastTx)
    }, WAIT)

    for (const stream of [streams.wsMiniBlocks, streams.sseMiniBlocks]) {
      expect(stream.errors).toEqual([])
      const numbers = stream.data.map((d) => d.miniBlocks.number)
      const from = logged.miniBlocks.findIndex((mb) => mb.number.toString() === numbers[0])
      const expected = logged.miniBlocks.slice(from)
      expect(numbers).toEqual(expected.map((mb) => mb.number.toString()))
      expect(stream.data.map((d) => d.miniBlocks.timestampUs)).toEqual(
        expected.map((mb) => mb.timestampUs.toString()),
      )
      expect(stream.data.map((d) => d.miniBlocks.transactionCount)).toEqual(
        expected.map((mb) => mb.transactions.length),
      )
    }
    const loadHashes = load.map((inclusion) => bytesToHex(inclusion.hash))
    for (const stream of [streams.wsTransactions, streams.sseTransactions]) {
      expect(stream.errors).toEqual([])
      const hashes = stream.data.map((d) => d.transactions.hash)
      const from = logged.transactions.findIndex((t) => bytesToHex(t.tx.hash) === hashes[0])
      const expected = logged.transactions.slice(from)
      expect(hashes).toEqual(expected.map((t) => bytesToHex(t.tx.hash)))
      expect(stream.data.map((d) => d.transactions.logs.length)).toEqual(
        expected.map((t) => t.receipt.logs.length),
      )
      for (const hash of loadHashes) expect(hashes.filter((h) => h === hash)).toHaveLength(1)
    }
  })

  it('filters transactions and logs by address and topics', async () => {
    stack = await startServerStack()
    const s = stack
    const [alice, bob, carol] = s.chain.accounts
    const { address: token } = await s.chain.deployToken(2, 1_000_000n)
    await s.caughtUp()
    const fromAlice = track(
      subscribeWs<TransactionEvent>(s.server.url, `subscription { transactions(from: "${alice}") { hash } }`),
    )
    const toToken = track(
      subscribeSse<{ logs: { transactionHash: Hex } }>(
        s.server.url,
        'subscription ($t: [[Bytes!]]) { logs(address: [$a], topics: $t) { transactionHash } }'.replace(
          '$a',
          `"${token}"`,
        ),
        { t: [null, null, [`0x${'0'.repeat(24)}${bob.slice(2).toLowerCase()}`]] },
      ),
    )
    await vi.waitFor(async () => expect(await s.subscriptions()).toBe(2), WAIT)
    const sent = [bytesToHex((await s.chain.sendEth(0, carol, 1n)).hash)]
    const toBob = bytesToHex((await s.chain.transferToken(2, token, bob, 5n)).hash)
    await s.chain.transferToken(2, token, alice, 5n)
    const last = bytesToHex((await s.chain.sendEth(0, carol, 2n)).hash)
    await s.caughtUp()
    await vi.waitFor(() => expect(fromAlice.data.at(-1)?.transactions.hash).toBe(last), WAIT)
    await vi.waitFor(() => expect(toToken.data.map((d) => d.logs.transactionHash)).toEqual([toBob]), WAIT)
    expect(fromAlice.data.map((d) => d.transactions.hash)).toEqual([...sent, last])
  })
  it('deliver token transfers, sealed blocks, meta and stats', async () => {
    stack = await startServerStack()
    const s = stack
    const [alice, bob, carol] = s.chain.accounts
    const { address: token } = await s.chain.deployToken(2, 1_000_000n)
    await s.caughtUp()
    type Transfer = {
      tokenTransfers: { from: string; to: string; value: string; token: { address: string } }
    }
    const transfers = track(
      subscribeWs<Transfer>(
        s.server.url,
        `subscription { tokenTransfers(token: "${token}", address: "${alice}") { from to value token { address } } }`,
      ),
    )
    const blocks = track(
      subscribeSse<{ blocks: { number: string; hash: Hex; finalized: boolean } }>(
        s.server.url,
        'subscription { blocks { number hash finalized } }',
      ),
    )
    const meta = track(
      subscribeWs<{ meta: { cursor: string; headMiniBlock: string } }>(
        s.server.url,
        'subscription { meta(intervalMs: 10) { cursor headMiniBlock } }',
      ),
    )
    const stats = track(
      subscribeWs<{ stats: { buckets: Array<{ transactions: number }> } }>(
        s.server.url,
        'subscription { stats(windowSeconds: 60, bucketSeconds: 1, intervalMs: 100) { buckets { transactions } } }',
      ),
    )
    await vi.waitFor(async () => expect(await s.subscriptions()).toBe(4), WAIT)
    // Not alice's: the filtered subscription must not show it.
    await s.chain.transferToken(2, token, bob, 1n)
    await s.chain.transferToken(2, token, alice, 7n)
    await s.chain.transferToken(0, token, carol, 3n)
    await s.caughtUp()
    const expected = [
      {
        from: carol.toLowerCase(),
        to: alice.toLowerCase(),
        value: '7',
        token: { address: token.toLowerCase() },
      },
      {
        from: alice.toLowerCase(),
        to: carol.toLowerCase(),
        value: '3',
        token: { address: token.toLowerCase() },
      },
    ]
    await vi.waitFor(() => expect(transfers.data.map((d) => d.tokenTransfers)).toEqual(expected), WAIT)
    const cursor = s.indexer.committedSeq().toString()
    await vi.waitFor(() => expect(meta.data.at(-1)?.meta.cursor).toBe(cursor), WAIT)
    await vi.waitFor(() => {
      const last = stats.data.at(-1)?.stats.buckets ?? []
      expect(last).toHaveLength(60)
      expect(last.reduce((n, b) => n + b.transactions, 0)).toBeGreaterThan(3)
    }, WAIT)
    const logged = loggedChain(s.chain).blocks
    const numbers = blocks.data.map((d) => BigInt(d.blocks.number))
    const from = logged.findIndex((b) => b.header.number === numbers[0])
    const through = logged.findIndex((b) => b.header.number === numbers.at(-1))
    expect(blocks.data.map((d) => d.blocks.hash)).toEqual(
      logged.slice(from, through + 1).map((b) => bytesToHex(b.hash)),
    )
    for (const stream of [transfers, blocks, meta, stats]) expect(stream.errors).toEqual([])
  })
})
