import { expect, test } from 'vitest'
import { createKeccak, createMerkleTrie } from '../commitment/index.ts'
import { createPartialTrie, type NodeResolver } from './createPartialTrie.ts'
import { WitnessMissingNodeError } from './errors.ts'

const keccak = createKeccak()

function seededKeys(count: number, seed: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => keccak.hash(Uint8Array.of(seed, i >> 8, i & 255)))
}

function storeOf(proofs: Uint8Array[][]): NodeResolver {
  const nodes = new Map<string, Uint8Array>()
  for (const proof of proofs) for (const node of proof) nodes.set(key(keccak.hash(node)), node)
  return (hash, path) => {
    const node = nodes.get(key(hash))
    if (node === undefined) throw new WitnessMissingNodeError(hash, path)
    return node
  }
}

function key(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

function value(i: number): Uint8Array {
  // Mixed sizes so some leaves are embedded in their parent and some are hashed.
  return i % 3 === 0 ? Uint8Array.of(i & 255) : new Uint8Array(40).fill(i & 255)
}

test('with every node known, gets, puts and deletes give the full trie root', () => {
  const full = createMerkleTrie()
  const keys = seededKeys(300, 1)
  for (const [i, k] of keys.entries()) full.put(k, value(i))
  const partial = createPartialTrie({ root: full.root(), resolve: storeOf(keys.map(full.prove)), keccak })
  expect(partial.root()).toStrictEqual(full.root())
  for (const [i, k] of keys.entries()) expect(partial.get(k)).toStrictEqual(value(i))
  expect(partial.get(seededKeys(1, 9)[0])).toBeUndefined()
  const added = seededKeys(50, 2)
  for (const [i, k] of added.entries()) {
    full.put(k, value(i + 7))
    partial.put(k, value(i + 7))
  }
  for (const k of keys.slice(0, 290)) {
    full.del(k)
    partial.del(k)
  }
  expect(partial.root()).toStrictEqual(full.root())
})

test('proofs of some keys are enough to read and update just those keys', () => {
  const full = createMerkleTrie()
  const keys = seededKeys(500, 3)
  for (const [i, k] of keys.entries()) full.put(k, value(i))
  const touched = [...keys.slice(0, 20), ...seededKeys(10, 4)]
  const partial = createPartialTrie({ root: full.root(), resolve: storeOf(touched.map(full.prove)), keccak })
  for (const [i, k] of touched.entries()) {
    full.put(k, value(i + 1))
    partial.put(k, value(i + 1))
  }
  expect(partial.root()).toStrictEqual(full.root())
  expect(() => partial.get(keys[100])).toThrow(WitnessMissingNodeError)
})
