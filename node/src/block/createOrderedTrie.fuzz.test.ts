import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EMPTY_TRIE_ROOT } from './constants.ts'
import { createOrderedTrie } from './createOrderedTrie.ts'
import { orderedTrieRoot } from './orderedTrieRoot.ts'

describe('createOrderedTrie', () => {
  it('has the root orderedTrieRoot computes from scratch, however often it was prepared along the way', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 120 }), fc.boolean()), { maxLength: 300 }),
        (steps) => {
          const trie = createOrderedTrie()
          const items: Uint8Array[] = []
          for (const [item, prepare] of steps) {
            trie.push(item)
            items.push(item)
            if (prepare) trie.prepare()
          }
          const expected = items.length > 0 ? orderedTrieRoot(items) : EMPTY_TRIE_ROOT
          expect(Buffer.from(trie.root()).toString('hex')).toBe(Buffer.from(expected).toString('hex'))
        },
      ),
      { numRuns: 60, seed: 7 },
    )
  })
})
