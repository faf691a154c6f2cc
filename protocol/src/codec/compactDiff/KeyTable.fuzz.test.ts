import fc from 'fast-check'
import { expect, test } from 'vitest'
import { KeyTable } from './KeyTable.ts'

test('KeyTable agrees with a Map under adds and newest-first removals (2-byte keys, many collisions)', () => {
  const op = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constant('add' as const), fc.integer({ min: 0, max: 300 })) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('pop' as const), fc.constant(0)) },
  )
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const table = new KeyTable(2)
      const model: number[] = []
      const keyOf = (n: number) => Uint8Array.of(n >> 8, n & 0xff)
      for (const [kind, n] of ops) {
        if (kind === 'add') {
          if (model.includes(n)) continue
          expect(table.add(keyOf(n))).toBe(model.length)
          model.push(n)
        } else if (model.length > 0) {
          table.removeLast()
          model.pop()
        }
      }
      expect(table.count).toBe(model.length)
      for (let n = 0; n <= 300; n++) expect(table.find(keyOf(n))).toBe(model.indexOf(n))
      for (const [id, n] of model.entries()) expect(table.keyView(id)).toEqual(keyOf(n))
    }),
    { numRuns: 200 },
  )
})
