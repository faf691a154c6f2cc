// Test support for the GraphQL server's tests: a real sequencer, indexer, store and server. Not public.

import type { TxInclusion } from '@rtevm/protocol'
import { type Address, bytesToHex, type Hex } from 'viem'
import { expect, vi } from 'vitest'
import { openIndexerStore } from '../database/openIndexerStore.ts'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { createIndexer, type Indexer } from '../follower/createIndexer.ts'
import { startTestChain, type TestChain } from '../follower/indexerTestSupport.ts'
import type { IndexerModuleBase } from '../modules/IndexerModule.ts'
import { createIndexerServer, type IndexerServer, type IndexerServerOptions } from './createIndexerServer.ts'

export type GraphqlResponse<T = Record<string, unknown>> = {
  data?: T | null
  errors?: Array<{ message: string; extensions?: { code?: string } & Record<string, unknown> }>
}

export type ServerStack = {
  chain: TestChain
  db: SqlDatabase
  indexer: Indexer
  server: IndexerServer
  /** POSTs a GraphQL request and returns the parsed JSON body. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlResponse<T>>
  /** Active subscriptions, from `/health`. */
  subscriptions(): Promise<number>
  /** Seals the open block and waits until the indexer has committed everything logged so far. */
  caughtUp(): Promise<void>
  close(): Promise<void>
}

/**
 * Starts chain → link → indexer → server on free ports. `db` defaults to an
 * in-memory PGlite opened (and closed) here.
 */
export async function startServerStack(
  options: {
    db?: SqlDatabase
    modules?: IndexerModuleBase[]
    limits?: IndexerServerOptions['limits']
    /** What the server reads through (to observe its statements); the indexer writes to `db` directly. */
    serverDb?: (db: SqlDatabase) => SqlDatabase
    /** Sequencer settings over the test chain's (e.g. no block timer). */
    chain?: Parameters<typeof startTestChain>[0]
  } = {},
): Promise<ServerStack> {
  const chain = await startTestChain(options.chain)
  const store = options.db ? undefined : await openIndexerStore({ kind: 'pglite' })
  const db = options.db ?? (store as SqlDatabase)
  const indexer = await createIndexer({ db, sequencerUrl: chain.link.url })
  await indexer.ready()
  const server = await createIndexerServer({
    db: options.serverDb ? options.serverDb(db) : db,
    indexer,
    port: 0,
    modules: options.modules,
    limits: options.limits,
    onError: (error) => console.error(error),
  })
  return {
    chain,
    db,
    indexer,
    server,
    async gql<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
      return (await response.json()) as GraphqlResponse<T>
    },
    async subscriptions() {
      const response = await fetch(server.url.replace(/\/graphql$/, '/health'))
      return ((await response.json()) as { subscriptions: number }).subscriptions
    },
    async caughtUp() {
      await chain.sequencer.sealBlock()
      const head = chain.sequencer.events.head()
      await vi.waitFor(
        () => {
          if (indexer.committedSeq() < head)
            throw new Error(`indexer at ${indexer.committedSeq()} of ${head}`)
        },
        { timeout: 10_000, interval: 10 },
      )
    },
    async close() {
      await server.close()
      await indexer.close()
      await chain.close()
      await store?.close()
    },
  }
}

export type Workload = {
  token: Address
  /** Hashes of every transaction sent, in order: [3] deploys the token, [4..8] call it. */
  sent: Hex[]
  deployment: Hex
  reverted: Hex
}

/**
 * ETH transfers, an ERC-20 deployment (a contract creation), its transfers and
 * a reverted transfer. Token balances after it: carol 999 650, bob 250,
 * alice 60, dave 40 (4 Transfer events, the mint included). Then 4 more ETH transfers.
 */
export async function runWorkload(chain: TestChain): Promise<Workload> {
  const [alice, bob, carol, dave] = chain.accounts
  const hash = (inclusion: TxInclusion) => bytesToHex(inclusion.hash)
  const sent: Hex[] = []
  sent.push(hash(await chain.sendEth(0, bob, 1_000n)))
  sent.push(hash(await chain.sendEth(0, carol, 2_000n)))
  sent.push(hash(await chain.sendEth(1, alice, 3n)))
  const { inclusion, address: token } = await chain.deployToken(2, 1_000_000n)
  sent.push(hash(inclusion))
  sent.push(hash(await chain.transferToken(2, token, alice, 100n)))
  sent.push(hash(await chain.transferToken(2, token, bob, 250n)))
  sent.push(hash(await chain.transferToken(0, token, dave, 40n)))
  const reverted = hash(await chain.transferToken(3, token, alice, 10_000n))
  sent.push(reverted)
  // Enough mini-blocks that a sort on text instead of numbers would show (10 before 9).
  for (let i = 0; i < 4; i++) sent.push(hash(await chain.sendEth(3, alice, 1n)))
  return { token, sent, deployment: hash(inclusion), reverted }
}

/** What the sequencer logged: mini-blocks and blocks, and each transaction with its receipt and position. */
export function loggedChain(chain: TestChain) {
  const events = chain.sequencer.events.readFrom(1n, Number.MAX_SAFE_INTEGER).map((entry) => entry.event)
  const miniBlocks = events.flatMap((e) => (e.kind === 'miniBlock' ? [e.miniBlock] : []))
  const blocks = events.flatMap((e) => (e.kind === 'block' ? [e.block] : []))
  const transactions = miniBlocks.flatMap((mb) =>
    mb.transactions.map((tx, i) => ({
      tx,
      receipt: mb.receipts[i],
      miniBlock: mb,
      index: mb.firstTxIndex + i,
    })),
  )
  return { miniBlocks, blocks, transactions }
}

export const hex = (bytes: Uint8Array | undefined) => (bytes ? bytesToHex(bytes) : null)
export type Page<T> = { items: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }

/** Follows `endCursor` through every page of `field`, `first` at a time. */
export async function allPages<T>(
  stack: ServerStack,
  field: string,
  args: string,
  selection: string,
  first: number,
) {
  const items: T[] = []
  let after: string | null = null
  for (let pages = 0; pages < 1000; pages++) {
    const result: { data?: Record<string, Page<T>> | null; errors?: unknown } = await stack.gql<
      Record<string, Page<T>>
    >(
      `query ($after: String) { ${field}(first: ${first}, after: $after${args}) { items { ${selection} } pageInfo { endCursor hasNextPage } } }`,
      { after },
    )
    expect(result.errors).toBeUndefined()
    const page: Page<T> = result.data![field]
    items.push(...page.items)
    if (!page.pageInfo.hasNextPage) return items
    after = page.pageInfo.endCursor
  }
  throw new Error('pagination did not end')
}
