import type { Block, BlockSource, MiniBlock, StreamEvent } from '@rtevm/protocol'
import { RtevmError } from '@rtevm/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createFilterRegistry, type FilterRegistry } from './createFilterRegistry.ts'

const z = (n: number) => new Uint8Array(n)
const noBlocks: BlockSource = {
  head: () => ({ miniBlock: 0n, block: 0n, safe: 0n, finalized: 0n }),
  getBlockByNumber: () => undefined,
  getBlockByHash: () => undefined,
  getMiniBlock: () => undefined,
  getTransaction: () => undefined,
  getLogs: () => [],
}

function miniBlock(number: bigint, txCount: number): StreamEvent {
  const transactions = Array.from({ length: txCount }, (_, i) => ({
    raw: new Uint8Array([1]),
    hash: new Uint8Array(32).fill(i + 1),
    from: z(20),
  }))
  const mb = {
    number,
    blockNumber: 1n,
    indexInBlock: 0,
    firstTxIndex: 0,
    timestampUs: 0n,
    gasUsed: 0n,
    transactions,
    receipts: transactions.map(() => ({
      status: 1,
      gasUsed: 21_000n,
      cumulativeGasUsed: 21_000n,
      effectiveGasPrice: 1n,
      logs: [],
    })),
    stateDiff: { accounts: [] },
  } as MiniBlock
  return { kind: 'miniBlock', seq: number, miniBlock: mb }
}

function sealed(n: number): StreamEvent {
  const block = {
    header: { number: BigInt(n) },
    hash: new Uint8Array(32).fill(n),
    miniBlockCount: 0,
    firstMiniBlock: 0n,
    transactionHashes: [],
  } as unknown as Block
  return { kind: 'block', seq: BigInt(n), block }
}

let clock = 0
let registry: FilterRegistry
const make = (over: { maxFilters?: number; maxChanges?: number; expiryMs?: number } = {}) => {
  registry = createFilterRegistry({
    blocks: noBlocks,
    maxFilters: over.maxFilters ?? 10,
    maxChanges: over.maxChanges ?? 100,
    expiryMs: over.expiryMs ?? 1_000,
    now: () => clock,
  })
  return registry
}

afterEach(() => {
  registry?.close()
  clock = 0
})

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return error instanceof RtevmError ? `${error.code}: ${error.shortMessage}` : 'not an RtevmError'
  }
  return undefined
}

describe('createFilterRegistry', () => {
  it('ids are unique 0x-hex; block filters see sealed hashes, pending filters tx hashes, both drained per poll', () => {
    const r = make()
    const blocks = r.installBlocks()
    const pending = r.installPendingTransactions()
    // A quantity of 16 random bytes: no leading zero digit, so at most 32 digits.
    expect(blocks).toMatch(/^0x[1-9a-f][0-9a-f]{0,31}$/)
    expect(pending).not.toBe(blocks)
    r.publish(miniBlock(1n, 2))
    r.publish(sealed(1))
    expect(r.changes(blocks)).toEqual([`0x${'01'.repeat(32)}`])
    expect(r.changes(pending)).toEqual([`0x${'01'.repeat(32)}`, `0x${'02'.repeat(32)}`])
    expect(r.changes(blocks)).toEqual([])
    expect(r.changes(blocks.toUpperCase().replace('0X', '0x'))).toEqual([]) // ids are case-insensitive
  })

  it('uninstall and unknown ids: filter not found', () => {
    const r = make()
    const id = r.installBlocks()
    expect(r.uninstall(id)).toBe(true)
    expect(r.uninstall(id)).toBe(false)
    expect(codeOf(() => r.changes(id))).toBe('RPC_FILTER_NOT_FOUND: filter not found')
    expect(codeOf(() => r.logFilter(r.installBlocks()))).toBe('RPC_FILTER_NOT_FOUND: filter not found')
  })

  it('expires filters not polled within expiryMs; polling keeps them alive', () => {
    const r = make({ expiryMs: 1_000 })
    const polled = r.installBlocks()
    const idle = r.installBlocks()
    clock = 800
    r.changes(polled)
    clock = 1_600
    expect(r.changes(polled)).toEqual([])
    expect(codeOf(() => r.changes(idle))).toBe('RPC_FILTER_NOT_FOUND: filter not found')
    clock = 2_700
    r.sweep()
    expect(r.size()).toBe(0)
  })

  it('at most maxFilters; expired ones make room', () => {
    const r = make({ maxFilters: 2, expiryMs: 1_000 })
    r.installBlocks()
    r.installPendingTransactions()
    expect(codeOf(() => r.installBlocks())).toBe(
      'RPC_LIMIT_EXCEEDED: too many filters: this edge holds at most 2; uninstall unused ones',
    )
    clock = 1_001
    expect(r.installBlocks()).toMatch(/^0x/)
    expect(r.size()).toBe(1)
  })

  it('drops a filter whose buffer overflows, says why once, then it is not found', () => {
    const r = make({ maxChanges: 3 })
    const id = r.installPendingTransactions()
    const kept = r.installBlocks()
    r.publish(miniBlock(1n, 2))
    r.publish(miniBlock(2n, 2))
    expect(r.size()).toBe(1)
    expect(codeOf(() => r.changes(id))).toBe(
      `RPC_LIMIT_EXCEEDED: filter ${id} was dropped: more than 3 changes buffered since its last poll; poll more often or narrow the filter`,
    )
    expect(codeOf(() => r.changes(id))).toBe('RPC_FILTER_NOT_FOUND: filter not found')
    expect(r.changes(kept)).toEqual([])
  })
})
