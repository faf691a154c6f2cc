import { createMerkleProof, createMPT, verifyMerkleProof } from '@ethereumjs/mpt'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createMerkleTrie } from './createMerkleTrie.ts'

// Each pool key copies a prefix (in nibbles) of an earlier key and fills the
// rest from its own bytes, so keys share long prefixes down to the last
// nibble: that builds extensions, deep branches and, with short values,
// leaves and branches small enough to be embedded in their parent.
const keySpec = fc.record({
  parent: fc.nat(),
  sharedNibbles: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 56, max: 63 })),
  tail: fc.uint8Array({ minLength: 32, maxLength: 32 }),
})

function buildKeys(specs: { parent: number; sharedNibbles: number; tail: Uint8Array }[]): Uint8Array[] {
  const keys: Uint8Array[] = []
  for (const spec of specs) {
    const key = spec.tail.slice()
    if (keys.length > 0) {
      const parent = keys[spec.parent % keys.length]
      for (let n = 0; n < spec.sharedNibbles; n++) {
        const shift = n & 1 ? 0 : 4
        key[n >> 1] = (key[n >> 1] & ~(0xf << shift)) | (parent[n >> 1] & (0xf << shift))
      }
    }
    keys.push(key)
  }
  return keys
}

// Short values (often 1 byte, some below 0x80) make embedded nodes; empty ones delete.
const value = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 1 }),
  fc.uint8Array({ minLength: 0, maxLength: 4 }),
  fc.uint8Array({ minLength: 5, maxLength: 80 }),
)
const op = fc.record({ key: fc.nat(), value: fc.option(value, { freq: 3 }) })
const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 6 })

type Op = { key: number; value: Uint8Array | null }

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/**
 * Applies the batches to our trie and to a model, and after each batch
 * compares root, values and proofs with an @ethereumjs/mpt trie built from the
 * model with puts only. (Deletes are not replayed on the oracle: its `del`
 * loses a branch's value when a sibling key is removed, e.g. deleting 0x111000
 * from {0x11, 0x1100, 0x111000} drops 0x11.)
 */
async function checkAgainstMpt(keys: Uint8Array[], ops: Op[][], absentKeys: Uint8Array[]): Promise<void> {
  const ours = createMerkleTrie()
  const model = new Map<string, [Uint8Array, Uint8Array]>()
  for (const batch of ops) {
    for (const { key, value } of batch) {
      const k = keys[key % keys.length]
      if (value === null || value.length === 0) {
        ours.del(k)
        model.delete(hex(k))
      } else {
        ours.put(k, value)
        model.set(hex(k), [k, value])
      }
    }
    const oracle = await createMPT()
    for (const [k, v] of model.values()) await oracle.put(k, v)
    const root = ours.root()
    expect(root).toEqual(oracle.root())
    for (const k of [...keys, ...absentKeys]) {
      const expected = await oracle.get(k)
      expect(ours.get(k) ?? null).toEqual(expected)
      const proof = ours.prove(k)
      if (ours.isEmpty()) {
        expect(proof).toEqual([])
        continue
      }
      expect(await verifyMerkleProof(k, proof, { root })).toEqual(expected)
      // EthereumJS lists embedded nodes too; EIP-1186 (and we) list only hashed ones.
      const theirs = (await createMerkleProof(oracle, k)).filter((node, i) => i === 0 || node.length >= 32)
      expect(proof).toEqual(theirs)
    }
  }
}

describe('createMerkleTrie against @ethereumjs/mpt', () => {
  test('32-byte keys with shared prefixes: same root, values and proofs after every batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(keySpec, { minLength: 1, maxLength: 24 }),
        batches,
        fc.array(keySpec, { maxLength: 3 }),
        async (specs, ops, absentSpecs) => {
          const keys = buildKeys(specs)
          // Absent keys share prefixes with present ones so exclusion proofs end at every node kind.
          const absent = buildKeys([...specs, ...absentSpecs]).slice(specs.length)
          await checkAgainstMpt(keys, ops, absent)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('keys of 1 to 4 bytes, some prefixes of others: values stored in branches', async () => {
    const shortKey = fc.uint8Array({ minLength: 1, maxLength: 4 }).map((k) => k.map((b) => b & 0x11))
    await fc.assert(
      fc.asyncProperty(
        fc.array(shortKey, { minLength: 1, maxLength: 16 }),
        batches,
        fc.array(shortKey, { maxLength: 3 }),
        async (keys, ops, absent) => {
          await checkAgainstMpt(keys, ops, absent)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('a large random batch, then deleting most of it, in random order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 50, maxLength: 300 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        async (keys, seed) => {
          const ours = createMerkleTrie()
          const oracle = await createMPT()
          for (const [i, k] of keys.entries()) {
            const v = Uint8Array.of(i & 0xff, seed & 0xff)
            ours.put(k, v)
            await oracle.put(k, v)
          }
          expect(ours.root()).toEqual(oracle.root())
          const order = keys.map((_, i) => (i * seed) % keys.length)
          for (const i of order.slice(0, Math.floor(keys.length * 0.9))) {
            ours.del(keys[i])
            await oracle.del(keys[i])
          }
          expect(ours.root()).toEqual(oracle.root())
        },
      ),
      { numRuns: 30 },
    )
  })
})
