import { type Block, type BlockSource, createMemoryBlockSource, type MiniBlock } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { searchAfter, searchBefore } from './searchAddressHistory.ts'

const ALICE = new Uint8Array(20).fill(0xa1)
const BOB = new Uint8Array(20).fill(0xb0)

/**
 * Blocks 1..`count`, one transaction each, sent by `senders[n - 1]`. The raw
 * bytes hold neither address, so only the sender decides a match.
 */
function chainOf(senders: Uint8Array[]): BlockSource {
  const source = createMemoryBlockSource()
  source.addBlock({
    header: { number: 0n },
    hash: new Uint8Array(32),
    transactionHashes: [],
  } as unknown as Block)
  senders.forEach((from, i) => {
    const n = BigInt(i + 1)
    const hash = new Uint8Array(32).fill(i + 1)
    const receipt = { status: 1, gasUsed: 0n, cumulativeGasUsed: 0n, effectiveGasPrice: 0n, logs: [] }
    source.addMiniBlock({
      number: n,
      blockNumber: n,
      indexInBlock: 0,
      firstTxIndex: 0,
      timestampUs: 0n,
      gasUsed: 0n,
      transactions: [{ raw: new Uint8Array([0x02, 0xc0]), hash, from }],
      receipts: [receipt],
      stateDiff: { accounts: [] },
    } as MiniBlock)
    source.addBlock({
      header: { number: n },
      hash: new Uint8Array(32).fill(0x80 + i),
      transactionHashes: [hash],
    } as unknown as Block)
  })
  return source
}

const numbers = (page: ReturnType<typeof searchBefore>) => page.records.map((r) => Number(r.blockNumber))

describe('address searches over kept blocks', () => {
  const chain = chainOf([ALICE, BOB, ALICE, BOB, ALICE, ALICE])
  const search = (pageSize: number, maxScanned = 1_000) => ({
    blocks: chain,
    address: ALICE,
    pageSize,
    maxScanned,
  })

  it('pages backwards newest first, flagging the first and last pages', () => {
    const first = searchBefore(search(2), 0n)
    expect(numbers(first)).toEqual([6, 5])
    expect(first).toMatchObject({ firstPage: true, lastPage: false })
    const second = searchBefore(search(2), 5n)
    expect(numbers(second)).toEqual([3, 1])
    expect(second).toMatchObject({ firstPage: false, lastPage: true })
  })

  it('pages forwards oldest first, each page answered newest first', () => {
    const oldest = searchAfter(search(2), 0n)
    expect(numbers(oldest)).toEqual([3, 1])
    expect(oldest).toMatchObject({ firstPage: false, lastPage: true })
    const newest = searchAfter(search(3), 3n)
    expect(numbers(newest)).toEqual([6, 5])
    expect(newest).toMatchObject({ firstPage: true, lastPage: false })
  })

  it('stops at its scan bound: a short page when something matched, an error when nothing did', () => {
    expect(numbers(searchBefore(search(10, 2), 0n))).toEqual([6, 5])
    expect(searchBefore(search(10, 2), 0n).lastPage).toBe(false)
    const bob = { ...search(10, 2), address: BOB }
    expect(() => searchBefore(bob, 0n)).toThrow(/among the 2 scanned from the newest block/)
  })

  it('treats transactions the replica no longer keeps as the end of history', () => {
    const pruned: BlockSource = {
      ...chain,
      getTransaction: (hash) => (hash[0]! <= 2 ? undefined : chain.getTransaction(hash)),
    }
    const page = searchBefore({ ...search(10), blocks: pruned }, 0n)
    expect(numbers(page)).toEqual([6, 5, 3])
    expect(page.lastPage).toBe(true)
    expect(numbers(searchAfter({ ...search(10), blocks: pruned }, 0n))).toEqual([6, 5, 3])
  })
})
