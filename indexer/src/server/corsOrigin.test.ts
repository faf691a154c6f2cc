import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIndexerServer, type IndexerServer } from './createIndexerServer.ts'
import { type ServerStack, startServerStack } from './serverTestSupport.ts'

const EXPLORER = 'https://explorer.example'

let stack: ServerStack
let server: IndexerServer

beforeAll(async () => {
  stack = await startServerStack()
  // A second server over the same store, as the production profile runs it: named origins only.
  server = await createIndexerServer({
    db: stack.db,
    indexer: stack.indexer,
    port: 0,
    corsOrigin: `${EXPLORER}, https://app.example`,
  })
})
afterAll(async () => {
  await server?.close()
  await stack?.close()
})

describe('the GraphQL API with a CORS origin list', () => {
  it('answers browsers from the listed origins only', async () => {
    const allowed = async (origin: string) =>
      (
        await fetch(server.url, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ _meta { cursor } }' }),
        })
      ).headers.get('access-control-allow-origin')
    expect(await allowed(EXPLORER)).toBe(EXPLORER)
    expect(await allowed('https://elsewhere.example')).toBeNull()
  })
})
