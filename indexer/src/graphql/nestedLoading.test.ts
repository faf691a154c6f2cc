import { bytesToHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { loggedChain, type ServerStack, startServerStack } from '../server/serverTestSupport.ts'

let stack: ServerStack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

type Tx = { hash: string }
type Page<T> = { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
type BlockRow = {
  number: string
  transactions: Page<Tx>
  miniBlocks: Page<{ number: string; transactions: Page<Tx & { logs: unknown[] }> }>
}

describe('nested lists', () => {
  it('load a page of blocks with their mini-blocks and transactions in a fixed number of statements', async () => {
    const statements: string[] = []
    const counting = (db: SqlDatabase): SqlDatabase => ({
      ...db,
      query: (sql, params) => {
        statements.push(sql)
        return db.query(sql, params)
      },
    })
    stack = await startServerStack({ serverDb: counting })
    const s = stack
    const [, bob] = s.chain.accounts
    for (let i = 0; i < 3; i++) {
      await Promise.all([
        s.chain.sendEth(0, bob, 1n),
        s.chain.sendEth(1, bob, 2n),
        s.chain.sendEth(2, bob, 3n),
      ])
      await s.chain.sequencer.sealBlock()
    }
    await s.caughtUp()
    statements.length = 0
    const result = await s.gql<{ blocks: Page<BlockRow> }>(
      `{ blocks(first: 30, orderDirection: ASC) { items { number
          transactions(first: 1) { items { hash } pageInfo { hasNextPage endCursor } }
          miniBlocks(first: 10) { items { number transactions(first: 10) { items { hash logs { logIndex } } } } } } } }`,
    )
    expect(result.errors).toBeUndefined()
    // blocks, their transactions, their mini-blocks, the mini-blocks' transactions, those transactions' logs
    expect(statements).toHaveLength(5)

    const logged = loggedChain(s.chain)
    const blocks = result.data!.blocks.items
    expect(blocks.length).toBeGreaterThan(3)
    for (const block of blocks) {
      const txs = logged.transactions.filter((t) => t.miniBlock.blockNumber.toString() === block.number)
      expect(block.transactions.items.map((t) => t.hash)).toEqual(
        txs.slice(0, 1).map((t) => bytesToHex(t.tx.hash)),
      )
      expect(block.transactions.pageInfo.hasNextPage).toBe(txs.length > 1)
      const nested = block.miniBlocks.items.flatMap((mb) => mb.transactions.items.map((t) => t.hash))
      expect(nested).toEqual(txs.map((t) => bytesToHex(t.tx.hash)))
    }
    // A nested page's cursor continues that parent's list.
    const busy = blocks.find((b) => b.transactions.pageInfo.hasNextPage)!
    const next = await s.gql<{ block: { transactions: Page<Tx> } }>(
      `query ($after: String) { block(number: "${busy.number}") { transactions(first: 100, after: $after) { items { hash } } } }`,
      { after: busy.transactions.pageInfo.endCursor },
    )
    const txs = logged.transactions.filter((t) => t.miniBlock.blockNumber.toString() === busy.number)
    expect(next.data?.block.transactions.items.map((t) => t.hash)).toEqual(
      txs.slice(1).map((t) => bytesToHex(t.tx.hash)),
    )
  })
})
