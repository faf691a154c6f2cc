import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createIndexedHeap } from './indexedHeap.ts'

type Item = { heapIndex: number; key: number; id: number }

describe('indexed heap', () => {
  it('pops in key order after any mix of pushes, removals and key updates', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), key: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(50) }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(50),
        key: fc.integer({ min: 0, max: 20 }),
      }),
      fc.record({ kind: fc.constant('pop' as const) }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const before = (a: Item, b: Item) => a.key < b.key || (a.key === b.key && a.id < b.id)
        const heap = createIndexedHeap<Item>(before)
        const model: Item[] = []
        let ids = 0
        for (const s of steps) {
          if (s.kind === 'push') {
            const item = { heapIndex: -1, key: s.key, id: ids++ }
            heap.push(item)
            model.push(item)
          } else if (s.kind === 'pop') {
            model.sort((a, b) => (before(a, b) ? -1 : 1))
            expect(heap.pop()).toBe(model.shift())
          } else if (model.length > 0) {
            const item = model[s.pick % model.length]
            if (s.kind === 'remove') {
              heap.remove(item)
              model.splice(model.indexOf(item), 1)
              expect(item.heapIndex).toBe(-1)
            } else {
              item.key = s.key
              heap.update(item)
            }
          }
          expect(heap.size()).toBe(model.length)
        }
        for (const item of model) item.key = 20 - item.key
        heap.rebuild()
        model.sort((a, b) => (before(a, b) ? -1 : 1))
        for (const item of model) expect(heap.pop()).toBe(item)
        expect(heap.pop()).toBeUndefined()
      }),
    )
  })
})
