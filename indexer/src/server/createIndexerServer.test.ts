import { afterEach, describe, expect, it } from 'vitest'
import { type ServerStack, startServerStack } from './serverTestSupport.ts'

let stack: ServerStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

describe('createIndexerServer', () => {
  it('smoke', async () => {
    stack = await startServerStack()
    const [, bob] = stack.chain.accounts
    await stack.chain.sendEth(0, bob, 5n)
    await stack.caughtUp()
    const result = await stack.gql(
      '{ blocks(first: 5) { items { number hash transactions { items { hash from to value stage } } } } _meta { cursor headBlock lagMs } }',
    )
    console.log(JSON.stringify(result, null, 1))
    expect(result.errors).toBeUndefined()
  })
})
