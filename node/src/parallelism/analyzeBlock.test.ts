import { describe, expect, it } from 'vitest'
import { analyzeBlock, buildDependencyDag, type TxAccess } from './analyzeBlock.ts'

const tx = (reads: string[], writes: string[]): TxAccess => ({
  reads: new Set([...reads, ...writes]),
  writes: new Set(writes),
})

describe('buildDependencyDag', () => {
  it('links a reader to the last earlier writer of each key it touches', () => {
    const block = [tx([], ['a']), tx([], ['a']), tx(['a'], ['b']), tx(['c'], [])]
    expect(buildDependencyDag(block)).toEqual([[], [0], [1], []])
  })

  it('does not order a write after an earlier mere read', () => {
    const block = [{ reads: new Set(['a']), writes: new Set<string>() }, tx([], ['a'])]
    expect(buildDependencyDag(block)).toEqual([[], []])
  })
})

describe('analyzeBlock', () => {
  it('independent transfers run all at once', () => {
    const block = [tx([], ['a', 'b']), tx([], ['c', 'd']), tx([], ['e', 'f']), tx([], ['g', 'h'])]
    expect(analyzeBlock(block)).toMatchObject({
      transactions: 4,
      criticalPath: 1,
      parallelism: 4,
      twoCoreSpeedup: 2,
      dependencies: 0,
    })
  })

  it('a hot key (one counter everyone bumps) serialises the block', () => {
    const block = Array.from({ length: 5 }, (_, i) => tx([], ['counter', `sender${i}`]))
    expect(analyzeBlock(block)).toMatchObject({ criticalPath: 5, parallelism: 1, twoCoreSpeedup: 1 })
  })

  it('two independent chains of different length: the longer one is the critical path', () => {
    // x: 0 → 2 → 4 → 5; y: 1 → 3
    const block = [tx([], ['x']), tx([], ['y']), tx([], ['x']), tx([], ['y']), tx([], ['x']), tx([], ['x'])]
    expect(analyzeBlock(block)).toMatchObject({ transactions: 6, criticalPath: 4, parallelism: 1.5 })
    expect(analyzeBlock(block).twoCoreSpeedup).toBe(1.5)
  })

  it('a diamond: two readers of one write and a writer of both their outputs', () => {
    const block = [tx([], ['a']), tx(['a'], ['b']), tx(['a'], ['c']), tx(['b', 'c'], ['d'])]
    expect(buildDependencyDag(block)).toEqual([[], [0], [0], [1, 2]])
    expect(analyzeBlock(block)).toMatchObject({ criticalPath: 3, dependencies: 4 })
  })

  it('a round-robin of transfers where each recipient sends next is one chain', () => {
    const block = Array.from({ length: 6 }, (_, i) => tx([], [`account${i}`, `account${i + 1}`]))
    expect(analyzeBlock(block).criticalPath).toBe(6)
  })

  it('an empty block has no critical path', () => {
    expect(analyzeBlock([])).toMatchObject({ transactions: 0, criticalPath: 0, parallelism: 0 })
  })
})
