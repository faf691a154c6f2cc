import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeDatabases } from '../database/databaseTestSupport.ts'
import { type IndexerStore, openIndexerStore } from '../database/openIndexerStore.ts'
import {
  allPages,
  hex,
  loggedChain,
  type Page,
  runWorkload,
  type ServerStack,
  startServerStack,
  type Workload,
} from '../server/serverTestSupport.ts'

describeDatabases('GraphQL queries: accounts, tokens, stats, search', (stores) => {
  let store: IndexerStore
  let stack: ServerStack
  let work: Workload
  beforeAll(async () => {
    store = await openIndexerStore(await stores.newConfig())
    stack = await startServerStack({ db: store })
    work = await runWorkload(stack.chain)
    await stack.caughtUp()
  })
  afterAll(async () => {
    await stack?.close()
    await store?.close()
  })

  it('answers accounts as the sequencer state holds them, contracts with their creator', async () => {
    for (const [address, account] of stack.chain.sequencer.state.accounts()) {
      const result = await stack.gql<{ account: { balance: string; nonce: string } | null }>(
        `{ account(address: "0x${address}") { balance nonce } }`,
      )
      expect(result.data?.account, address).toEqual({
        balance: account.balance.toString(),
        nonce: account.nonce.toString(),
      })
    }
    const [, , carol] = stack.chain.accounts
    const contract = await stack.gql<{ account: Record<string, unknown> }>(
      `{ account(address: "${work.token}") { isContract creator creationTransaction token { standard } transactions(first: 100) { items { hash } } } }`,
    )
    expect(contract.data?.account).toEqual({
      isContract: true,
      creator: carol.toLowerCase(),
      creationTransaction: work.deployment,
      token: { standard: 'ERC20' },
      transactions: {
        items: work.sent
          .slice(3, 8)
          .reverse()
          .map((hash) => ({ hash })),
      },
    })
  })

  it('lists tokens, their holders largest first and their transfers', async () => {
    const [alice, bob, carol, dave] = stack.chain.accounts.map((a) => a.toLowerCase())
    const result = await stack.gql<{ token: Record<string, unknown>; tokens: Page<{ address: string }> }>(
      `{ token(address: "${work.token}") { standard transferCount holderCount
           holders(first: 10) { items { holder balance } }
           transfers(first: 10) { items { from to value transactionHash token { address } } } }
         tokens(standard: ERC20) { items { address } } }`,
    )
    expect(result.errors).toBeUndefined()
    const zero = `0x${'0'.repeat(40)}`
    expect(result.data?.token).toEqual({
      standard: 'ERC20',
      transferCount: '4',
      holderCount: '4',
      holders: {
        items: [
          { holder: carol, balance: '999650' },
          { holder: bob, balance: '250' },
          { holder: alice, balance: '60' },
          { holder: dave, balance: '40' },
        ],
      },
      transfers: {
        items: [
          [alice, dave, '40', work.sent[6]],
          [carol, bob, '250', work.sent[5]],
          [carol, alice, '100', work.sent[4]],
          [zero, carol, '1000000', work.deployment],
        ].map(([from, to, value, transactionHash]) => ({
          from,
          to,
          value,
          transactionHash,
          token: { address: work.token.toLowerCase() },
        })),
      },
    })
    expect(result.data?.tokens.items).toEqual([{ address: work.token.toLowerCase() }])
    const paged = await allPages<{ holder: string }>(
      stack,
      'holders',
      `, token: "${work.token}"`,
      'holder',
      1,
    )
    expect(paged.map((h) => h.holder)).toEqual([carol, bob, alice, dave])
    const ofAlice = await stack.gql<{
      tokenTransfers: Page<{ value: string }>
      account: { tokenBalances: Page<{ balance: string }> }
    }>(
      `{ tokenTransfers(address: "${alice}") { items { value } } account(address: "${alice}") { tokenBalances { items { balance } } } }`,
    )
    expect(ofAlice.data?.tokenTransfers.items).toEqual([{ value: '40' }, { value: '100' }])
    expect(ofAlice.data?.account.tokenBalances.items).toEqual([{ balance: '60' }])
  })

  it('answers stats, search and _meta', async () => {
    const logged = loggedChain(stack.chain)
    const stats = await stack.gql<{
      stats: {
        buckets: Array<{ transactions: number; miniBlocks: number }>
        meanMiniBlockIntervalUs: number | null
      }
    }>(
      '{ stats(windowSeconds: 600, bucketSeconds: 10) { buckets { transactions miniBlocks } meanMiniBlockIntervalUs } }',
    )
    expect(stats.errors).toBeUndefined()
    const buckets = stats.data!.stats.buckets
    expect(buckets).toHaveLength(60)
    expect(buckets.reduce((n, b) => n + b.transactions, 0)).toBe(work.sent.length)
    expect(buckets.reduce((n, b) => n + b.miniBlocks, 0)).toBe(logged.miniBlocks.length)

    const kinds = async (query: string) =>
      (
        await stack.gql<{ search: Array<{ kind: string; key: string }> }>(
          'query ($q: String!) { search(query: $q) { kind key } }',
          { q: query },
        )
      ).data?.search
    expect(await kinds(work.sent[0])).toEqual([{ kind: 'TRANSACTION', key: work.sent[0] }])
    const block = hex(logged.blocks[0].hash)!
    expect(await kinds(block.toUpperCase().replace('0X', '0x'))).toEqual([{ kind: 'BLOCK', key: block }])
    expect(await kinds(work.token)).toEqual([
      { kind: 'TOKEN', key: work.token.toLowerCase() },
      { kind: 'ACCOUNT', key: work.token.toLowerCase() },
    ])
    expect(await kinds(' 1 ')).toEqual([
      { kind: 'BLOCK', key: '1' },
      { kind: 'MINI_BLOCK', key: '1' },
    ])
    expect(await kinds(`0x${'ab'.repeat(32)}`)).toEqual([])

    // The block timer keeps sealing (empty) blocks, so the cursor may move while the query runs.
    const before = stack.indexer.committedSeq()
    const meta = await stack.gql<{ _meta: Record<string, unknown> }>(
      '{ _meta { cursor headMiniBlock headBlock finalizedBlock headTimestampUs lagMs lagEvents } }',
    )
    const cursor = BigInt(meta.data!._meta.cursor as string)
    expect(cursor >= before && cursor <= stack.indexer.committedSeq()).toBe(true)
    const head = logged.miniBlocks.at(-1)!
    expect(meta.data?._meta).toMatchObject({
      headMiniBlock: head.number.toString(),
      headTimestampUs: head.timestampUs.toString(),
      finalizedBlock: '0',
    })
    expect(BigInt(meta.data!._meta.headBlock as string) >= head.blockNumber).toBe(true)
  })
})
