// Test support for the GraphQL server's tests: a real sequencer, indexer, store and server. Not public.

import { vi } from 'vitest'
import { openIndexerStore } from '../database/openIndexerStore.ts'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { createIndexer, type Indexer } from '../follower/createIndexer.ts'
import { startTestChain, type TestChain, testChainConfig } from '../follower/indexerTestSupport.ts'
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
  /** Seals the open block and waits until the indexer has committed everything logged so far. */
  caughtUp(): Promise<void>
  close(): Promise<void>
}

/**
 * Starts chain → link → indexer → server on free ports. `db` defaults to an
 * in-memory PGlite opened (and closed) here.
 */
export async function startServerStack(
  options: { db?: SqlDatabase; modules?: IndexerModuleBase[]; limits?: IndexerServerOptions['limits'] } = {},
): Promise<ServerStack> {
  const chain = await startTestChain()
  const store = options.db ? undefined : await openIndexerStore({ kind: 'pglite' })
  const db = options.db ?? (store as SqlDatabase)
  const indexer = await createIndexer({ db, sequencerUrl: chain.link.url, chainConfig: testChainConfig })
  await indexer.ready()
  const server = await createIndexerServer({
    db,
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
