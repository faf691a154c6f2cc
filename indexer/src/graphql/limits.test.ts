import { getIntrospectionQuery } from 'graphql'
import { createClient } from 'graphql-ws'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { IndexerModuleBase } from '../modules/IndexerModule.ts'
import { type ServerStack, startServerStack } from '../server/serverTestSupport.ts'
import type { ApiContext } from './ApiContext.ts'
import { subscribeSse, subscribeWs, wsUrlOf } from './subscriptions/subscriptionTestClients.ts'

const counter: IndexerModuleBase = {
  name: 'counter',
  schema: '',
  graphql: {
    typeDefs: 'extend type Query { moduleBlockCount: Int!  stall: Int }',
    resolvers: {
      Query: {
        moduleBlockCount: async (_: unknown, __: unknown, ctx: ApiContext) =>
          (await ctx.sql.query<{ n: number }>('select count(*)::integer as n from blocks')).rows[0].n,
        // Never answers: only the server's timeout ends the request.
        stall: () => new Promise(() => {}),
      },
    },
  },
}

const codeOf = (result: { errors?: Array<{ extensions?: { code?: string } }> }) =>
  result.errors?.[0]?.extensions?.code

describe('GraphQL limits and bad input', () => {
  let stack: ServerStack
  beforeAll(async () => {
    stack = await startServerStack({
      modules: [counter],
      limits: { timeoutMs: 300, maxSubscriptionsPerConnection: 2, maxSubscriptions: 3, maxBodyBytes: 10_000 },
    })
  })
  afterAll(() => stack?.close())

  it('rejects a query deeper than the limit', async () => {
    const deep =
      '{ account(address: "0x0000000000000000000000000000000000000001") { token { holders { items { token { holders { items { token { holders { items { holder } } } } } } } } } } }'
    const result = await stack.gql(deep)
    expect(codeOf(result)).toBe('QUERY_TOO_DEEP')
    expect(result.errors?.[0].message).toMatch(/depth 11 exceeds the limit of 10/)
    expect(result.data).toBeUndefined()
  })

  it('rejects a query whose nested pages multiply past the cost limit, with first literal or a variable', async () => {
    const costly = (first: string) =>
      `query${first === '$n' ? ' ($n: Int)' : ''} { blocks(first: ${first}) { items { transactions(first: ${first}) { items { hash logs { data } } } } } }`
    expect(codeOf(await stack.gql(costly('100')))).toBe('QUERY_TOO_COSTLY')
    expect(codeOf(await stack.gql(costly('$n'), { n: 100 }))).toBe('QUERY_TOO_COSTLY')
    const cheap = await stack.gql(costly('$n'), { n: 5 })
    expect(cheap.errors).toBeUndefined()
  })

  it('rejects a page over 100 and bad cursors', async () => {
    const big = await stack.gql('{ blocks(first: 101) { items { number } } }')
    expect(codeOf(big)).toBe('PAGE_TOO_LARGE')
    expect(big.errors?.[0].message).toBe('first must be at most 100, got 101')
    expect((await stack.gql('{ blocks(first: 100) { items { number } } }')).errors).toBeUndefined()
    expect(codeOf(await stack.gql('{ blocks(after: "bm90IGEgY3Vyc29y") { items { number } } }'))).toBe(
      'BAD_CURSOR',
    )
    expect(codeOf(await stack.gql('{ blocks(first: -1) { items { number } } }'))).toBe('BAD_USER_INPUT')
  })

  it('rejects malformed scalars with what is wrong', async () => {
    const short = await stack.gql('{ account(address: "0x1234") { balance } }')
    expect(codeOf(short)).toBe('BAD_USER_INPUT')
    expect(short.errors?.[0].message).toMatch(/Address must be 20 bytes, got 2 bytes/)
    const variable = await stack.gql('query ($a: Address!) { account(address: $a) { balance } }', {
      a: 'alice',
    })
    expect(codeOf(variable)).toBe('BAD_USER_INPUT')
    expect(variable.errors?.[0].message).toMatch(/Address must be a 0x-prefixed hex string of 20 bytes/)
    expect(codeOf(await stack.gql('{ block(number: "-1") { number } }'))).toBe('BAD_USER_INPUT')
    expect(codeOf(await stack.gql('{ transaction(hash: "0xabc") { hash } }'))).toBe('BAD_USER_INPUT')
    const shortHash = await stack.gql('{ transaction(hash: "0xabcd") { hash } }')
    expect(shortHash.errors?.[0].message).toBe('hash must be 32 bytes, got 2')
    expect(codeOf(await stack.gql('{ stats(windowSeconds: 4000) { buckets { startUs } } }'))).toBe(
      'BAD_USER_INPUT',
    )
    expect(codeOf(await stack.gql('{ block { number } }'))).toBe('BAD_USER_INPUT')
  })

  it('merges a module into the schema and times out a request that does not finish', async () => {
    const count = await stack.gql<{ moduleBlockCount: number }>('{ moduleBlockCount }')
    expect(count.errors).toBeUndefined()
    expect(count.data?.moduleBlockCount).toBeGreaterThanOrEqual(0)
    const stalled = await stack.gql('{ stall }')
    expect(codeOf(stalled)).toBe('QUERY_TIMEOUT')
    expect(stalled.errors?.[0].message).toBe('query did not finish within 300 ms')
  })

  it('answers introspection (GraphiQL) whatever its depth, and refuses oversized bodies', async () => {
    const introspection = await stack.gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery())
    expect(introspection.errors).toBeUndefined()
    expect(introspection.data?.__schema.types.length).toBeGreaterThan(20)
    const response = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ _meta { cursor } } # ${'x'.repeat(20_000)}` }),
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({
      errors: [{ message: 'request body exceeds 10000 bytes', extensions: { code: 'REQUEST_TOO_LARGE' } }],
    })
  })

  it('limits subscriptions per connection and in total', async () => {
    const health = async () =>
      (
        (await (await fetch(stack.server.url.replace('/graphql', '/health'))).json()) as {
          subscriptions: number
        }
      ).subscriptions
    const errors: string[] = []
    const open = (client: ReturnType<typeof createClient>) =>
      client.subscribe(
        { query: 'subscription { miniBlocks { number } }' },
        {
          next: (r) => r.errors && errors.push(String(r.errors[0].extensions?.code)),
          error: (e) => errors.push(String(e)),
          complete: () => {},
        },
      )
    const first = createClient({ url: wsUrlOf(stack.server.url), webSocketImpl: WebSocket, retryAttempts: 0 })
    const second = createClient({
      url: wsUrlOf(stack.server.url),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    })
    try {
      open(first)
      open(first)
      await vi.waitFor(async () => expect(await health()).toBe(2), { timeout: 10_000 })
      open(first)
      await vi.waitFor(() => expect(errors).toEqual(['TOO_MANY_SUBSCRIPTIONS']), { timeout: 10_000 })
      open(second)
      await vi.waitFor(async () => expect(await health()).toBe(3), { timeout: 10_000 })
      open(second)
      await vi.waitFor(() => expect(errors).toEqual(['TOO_MANY_SUBSCRIPTIONS', 'TOO_MANY_SUBSCRIPTIONS']), {
        timeout: 10_000,
      })
    } finally {
      await first.dispose()
      await second.dispose()
    }
    await vi.waitFor(async () => expect(await health()).toBe(0), { timeout: 10_000 })
  })
  it('applies the depth and cost limits to subscriptions over graphql-ws and SSE', async () => {
    const deep =
      'subscription { miniBlocks { transactions { items { tokenTransfers { token { holders { items { token { holders { items { holder } } } } } } } } } } }'
    const ws = subscribeWs(stack.server.url, deep)
    const sse = subscribeSse(stack.server.url, deep)
    try {
      await vi.waitFor(() => expect(ws.errors.length + sse.errors.length).toBe(2), { timeout: 10_000 })
      expect(ws.errors[0].extensions?.code).toBe('QUERY_TOO_DEEP')
      expect(sse.errors[0].extensions?.code).toBe('QUERY_TOO_DEEP')
    } finally {
      await ws.close()
      await sse.close()
    }
  })
})
