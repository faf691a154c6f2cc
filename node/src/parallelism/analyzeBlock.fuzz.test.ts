import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeBlock, buildDependencyDag, type TxAccess } from './analyzeBlock.ts'

const keys = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')
const access = fc
  .record({ reads: fc.uniqueArray(keys), writes: fc.uniqueArray(keys) })
  .map(({ reads, writes }): TxAccess => ({ reads: new Set(reads), writes: new Set(writes) }))

/** The longest chain through every pairwise conflict, by brute force over all earlier transactions. */
function bruteCriticalPath(block: readonly TxAccess[]): number {
  const depth: number[] = []
  for (let j = 0; j < block.length; j++) {
    let deepest = 0
    for (let i = 0; i < j; i++) {
      const conflict = [...block[i].writes].some((key) => block[j].reads.has(key) || block[j].writes.has(key))
      if (conflict) deepest = Math.max(deepest, depth[i])
    }
    depth.push(deepest + 1)
  }
  return Math.max(0, ...depth)
}

describe('analyzeBlock properties', () => {
  it('the critical path is between 1 and the transaction count, and matches brute force', () => {
    fc.assert(
      fc.property(fc.array(access, { minLength: 1, maxLength: 40 }), (block) => {
        const { criticalPath, transactions, parallelism, twoCoreSpeedup } = analyzeBlock(block)
        expect(criticalPath).toBeGreaterThanOrEqual(1)
        expect(criticalPath).toBeLessThanOrEqual(transactions)
        expect(criticalPath).toBe(bruteCriticalPath(block))
        expect(parallelism).toBeGreaterThanOrEqual(1)
        expect(twoCoreSpeedup).toBeGreaterThanOrEqual(1)
        expect(twoCoreSpeedup).toBeLessThanOrEqual(2)
      }),
    )
  })

  it('is 1 when no transaction touches a key another one wrote', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.boolean(), (n, withReads) => {
        const block = Array.from({ length: n }, (_, i) => ({
          reads: new Set(withReads ? [`own${i}`, 'shared-read-only'] : [`own${i}`]),
          writes: new Set([`own${i}`]),
        }))
        expect(analyzeBlock(block)).toMatchObject({ criticalPath: 1, parallelism: n, dependencies: 0 })
      }),
    )
  })

  it('is n for a chain, however each link is made', () => {
    // Link i → i+1 through a key i writes and i+1 reads, writes, or both.
    const link = fc.constantFrom('read', 'write', 'both')
    fc.assert(
      fc.property(fc.array(link, { minLength: 1, maxLength: 60 }), (links) => {
        const block: TxAccess[] = links.map((kind, i) => ({
          reads: new Set(i > 0 && kind !== 'write' ? [`k${i - 1}`] : []),
          writes: new Set([`k${i}`, ...(i > 0 && kind !== 'read' ? [`k${i - 1}`] : [])]),
        }))
        expect(analyzeBlock(block).criticalPath).toBe(links.length)
        expect(buildDependencyDag(block).slice(1)).toEqual(links.slice(1).map((_, i) => [i]))
      }),
    )
  })
})
