import fc from 'fast-check'
import { expect, test } from 'vitest'
import { createKeccak, createMerkleTrie } from '../commitment/index.ts'
import { createPartialTrie } from './createPartialTrie.ts'
import { WitnessMissingNodeError } from './errors.ts'
import { hashKey } from './hashKey.ts'

const keccak = createKeccak()

// Keys sharing long prefixes (extensions, deep branches) and short values
// (embedded nodes), as in the full trie's own fuzz test.
const keySpec = fc.record({
  parent: fc.nat(),
  shared: fc.integer({ min: 0, max: 63 }),
  tail: fc.uint8Array({ minLength: 32, maxLength: 32 }),
})
const value = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2 }),
  fc.uint8Array({ minLength: 3, maxLength: 60 }),
)
const op = fc.record({ key: fc.nat(), value: fc.option(value, { freq: 2 }) })

function buildKeys(specs: { parent: number; shared: number; tail: Uint8Array }[]): Uint8Array[] {
  const keys: Uint8Array[] = []
  for (const spec of specs) {
    const key = spec.tail.slice()
    if (keys.length > 0) {
      const parent = keys[spec.parent % keys.length]
      for (let n = 0; n < spec.shared; n++) {
        const shift = n & 1 ? 0 : 4
        key[n >> 1] = (key[n >> 1] & ~(0xf << shift)) | (parent[n >> 1] & (0xf << shift))
      }
    }
    keys.push(key)
  }
  return keys
}

test('a partial trie ends at the full trie root after the same puts and deletes', () => {
  fc.assert(
    fc.property(
      fc.array(keySpec, { minLength: 2, maxLength: 60 }),
      fc.array(value, { minLength: 60, maxLength: 60 }),
      fc.array(op, { minLength: 1, maxLength: 40 }),
      (specs, values, ops) => {
        const keys = buildKeys(specs)
        const full = createMerkleTrie()
        const initial = keys.length >> 1
        for (let i = 0; i < initial; i++) full.put(keys[i], values[i])
        const touched = ops.map((o) => keys[o.key % keys.length])
        // Touched keys' proofs first; collapse siblings come from the proofs of every key.
        const proofs = new Map<string, Uint8Array>()
        for (const key of touched)
          for (const node of full.prove(key)) proofs.set(hashKey(keccak.hash(node)), node)
        const everything = new Map<string, Uint8Array>()
        for (const key of keys)
          for (const node of full.prove(key)) everything.set(hashKey(keccak.hash(node)), node)
        const partial = createPartialTrie({
          root: full.root(),
          resolve: (hash, path) => {
            const node = proofs.get(hashKey(hash)) ?? everything.get(hashKey(hash))
            if (node === undefined) throw new WitnessMissingNodeError(hash, path)
            return node
          },
          keccak,
        })
        for (const key of touched) expect(partial.get(key)).toStrictEqual(full.get(key))
        for (const o of ops) {
          const key = keys[o.key % keys.length]
          if (o.value === null) {
            full.del(key)
            partial.del(key)
          } else {
            full.put(key, o.value)
            partial.put(key, o.value)
          }
        }
        expect(partial.root()).toStrictEqual(full.root())
      },
    ),
    { numRuns: 300 },
  )
})
