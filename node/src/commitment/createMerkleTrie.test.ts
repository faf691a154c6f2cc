import { createMPT, verifyMerkleProof } from '@ethereumjs/mpt'
import { describe, expect, test } from 'vitest'
import { EMPTY_TRIE_ROOT } from './constants.ts'
import { createMerkleTrie } from './createMerkleTrie.ts'

const text = (s: string) => new TextEncoder().encode(s)
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('createMerkleTrie', () => {
  test('an empty trie has the empty root and an empty proof', () => {
    const trie = createMerkleTrie()
    expect(hex(trie.root())).toBe('56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421')
    expect(trie.prove(new Uint8Array(32))).toEqual([])
    expect(trie.isEmpty()).toBe(true)
  })

  // Vectors from the Ethereum consensus tests (TrieTests, trieanyorder.json), in several insertion orders.
  test.each([
    [
      { doe: 'reindeer', dog: 'puppy', dogglesworth: 'cat' },
      '8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3',
    ],
    [
      { do: 'verb', horse: 'stallion', doge: 'coin', dog: 'puppy' },
      '5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84',
    ],
  ])('matches the consensus test vector %#', (entries, root) => {
    const pairs = Object.entries(entries)
    for (const order of [pairs, [...pairs].reverse()]) {
      const trie = createMerkleTrie()
      for (const [k, v] of order) trie.put(text(k), text(v))
      expect(hex(trie.root())).toBe(root)
    }
  })

  test('embeds nodes under 32 bytes in their parent, and proofs through them verify', async () => {
    // Two keys differing only in the last nibble, 1-byte values: both leaves are embedded in the branch.
    const a = new Uint8Array(32).fill(0xab)
    const b = a.slice()
    b[31] = 0xac
    const trie = createMerkleTrie()
    trie.put(a, Uint8Array.of(1))
    trie.put(b, Uint8Array.of(2))
    const oracle = await createMPT()
    await oracle.put(a, Uint8Array.of(1))
    await oracle.put(b, Uint8Array.of(2))
    const root = trie.root()
    expect(root).toEqual(oracle.root())
    // The leaves (3 bytes) are embedded in the branch (22 bytes), itself embedded in the root extension.
    expect(trie.prove(a)).toHaveLength(1)
    expect(await verifyMerkleProof(a, trie.prove(a), { root })).toEqual(Uint8Array.of(1))
    const absent = a.slice()
    absent[31] = 0xad
    expect(await verifyMerkleProof(absent, trie.prove(absent), { root })).toBeNull()
  })

  test('an empty value deletes, and deleting a missing key changes nothing', () => {
    const trie = createMerkleTrie()
    const key = new Uint8Array(32).fill(1)
    trie.put(key, Uint8Array.of(9))
    const root = trie.root()
    trie.del(new Uint8Array(32).fill(2))
    expect(trie.root()).toEqual(root)
    trie.put(key, new Uint8Array(0))
    expect(trie.get(key)).toBeUndefined()
    expect(trie.root()).toEqual(EMPTY_TRIE_ROOT)
    expect(trie.isEmpty()).toBe(true)
  })

  test('copies a key it keeps, so callers may reuse their key buffer', () => {
    const trie = createMerkleTrie()
    const key = new Uint8Array(32).fill(7)
    trie.put(key, Uint8Array.of(1))
    key.fill(8)
    expect(trie.get(new Uint8Array(32).fill(7))).toEqual(Uint8Array.of(1))
    expect(trie.get(key)).toBeUndefined()
  })

  test('root() returns a copy the caller may keep or change', () => {
    const trie = createMerkleTrie()
    trie.put(new Uint8Array(32), new Uint8Array(40).fill(3))
    const first = trie.root()
    first.fill(0)
    expect(trie.root()).not.toEqual(first)
  })
})
