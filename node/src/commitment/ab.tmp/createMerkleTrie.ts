import { EMPTY_TRIE_ROOT } from './constants.ts'
import { createKeccak, type Keccak, HOST_LITTLE_ENDIAN as LE } from './createKeccak.ts'
import { encodeNode } from './encodeNode.ts'
import {
  BRANCH,
  DIRTY,
  EMBEDDED,
  EXTENSION,
  HASHED,
  LEAF,
  nibble,
  sharedNibbles,
  type TrieNode,
} from './TrieNode.ts'
import { updateTrie } from './updateTrie.ts'
import { bytesCodec, type ValueCodec } from './ValueCodec.ts'

/**
 * A Merkle Patricia Trie held entirely in RAM whose root equals Ethereum's
 * for the same keys and values. Keys are used as given (a secure trie hashes
 * them before calling in). Updates only mark their path dirty; `root()`
 * re-encodes and re-hashes just the dirty nodes, so the intended use is many
 * puts, then one root.
 */
export type MerkleTrie<V = Uint8Array> = {
  /**
   * Sets `key` to `value`; an empty value (per the codec; for bytes, length
   * 0) deletes the key, as in Ethereum. The key may be a reused buffer (the
   * trie copies it if it keeps it); the value is kept as given, so do not
   * mutate it afterwards.
   */
  put(key: Uint8Array, value: V): void
  /** Deletes `key`; a missing key is a no-op. */
  del(key: Uint8Array): void
  /** The value under `key`, or undefined. */
  get(key: Uint8Array): V | undefined
  /** The 32-byte root hash; hashes only what changed since the previous call. */
  root(): Uint8Array
  /**
   * RLP of the nodes on the path to `key`, root first, as in EIP-1186
   * (`eth_getProof`): nodes embedded in their parent are not listed. For a
   * missing key it proves absence (the path up to where it diverges). Empty
   * for an empty trie.
   */
  prove(key: Uint8Array): Uint8Array[]
  /** True when the trie holds no key. */
  isEmpty(): boolean
}

export type MerkleTrieOptions<V> = {
  /** Hasher to use; tries that commit one after another can share one (and its memory). */
  keccak?: Keccak
  /** How values are written into leaves; plain bytes by default. */
  codec?: ValueCodec<V>
}

/** Creates an empty in-memory Merkle Patricia Trie, of byte values unless given a codec. */
export function createMerkleTrie(options?: { keccak?: Keccak }): MerkleTrie<Uint8Array>
export function createMerkleTrie<V>(options: { keccak?: Keccak; codec: ValueCodec<V> }): MerkleTrie<V>
export function createMerkleTrie<V>(options: MerkleTrieOptions<V> = {}): MerkleTrie<V> {
  const keccak = options.keccak ?? createKeccak()
  const codec = options.codec ?? (bytesCodec as unknown as ValueCodec<V>)
  let rootNode: TrieNode<V> | null = null

  // Post-order, so children's hashes exist before the parent's RLP embeds
  // them (and before the shared scratch buffer is reused for the parent).
  function commit(node: TrieNode<V>): void {
    if (node.kind === BRANCH) {
      const children = node.children!
      for (let i = 0; i < 16; i++) {
        const child = children[i]
        if (child !== null && child.ref === DIRTY) commit(child)
      }
    } else if (node.kind === EXTENSION && node.child!.ref === DIRTY) {
      commit(node.child!)
    }
    const length = encodeNode.length(node, codec)
    const buf = keccak.scratch(length)
    encodeNode.write(node, codec, buf, keccak.scratchData())
    if (length < 32) {
      node.ref = EMBEDDED
      node.embedded = buf.slice(0, length)
      return
    }
    const words = keccak.digestWords(length)
    node.ref = HASHED
    node.embedded = null
    node.h0 = words[0]
    node.h1 = words[1]
    node.h2 = words[2]
    node.h3 = words[3]
    node.h4 = words[4]
    node.h5 = words[5]
    node.h6 = words[6]
    node.h7 = words[7]
  }

  function encode(node: TrieNode<V>): Uint8Array {
    const length = encodeNode.length(node, codec)
    const buf = keccak.scratch(length)
    encodeNode.write(node, codec, buf, keccak.scratchData())
    return buf.slice(0, length)
  }

  function put(key: Uint8Array, value: V): void {
    if (codec.isEmpty(value)) {
      del(key)
      return
    }
    rootNode = updateTrie.insertKey(rootNode, key, 0, value, true)
  }

  function del(key: Uint8Array): void {
    if (rootNode === null || updateTrie.findValue(rootNode, key) === undefined) return
    rootNode = updateTrie.removeKey(rootNode, key, 0)
  }

  function root(): Uint8Array {
    if (rootNode === null) return EMPTY_TRIE_ROOT.slice()
    if (rootNode.ref === DIRTY) commit(rootNode)
    // The root is always referred to by hash, even when its RLP is short.
    if (rootNode.ref === EMBEDDED) return keccak.hash(rootNode.embedded!)
    const out = new Uint8Array(32)
    const data = new DataView(out.buffer)
    const { h0, h1, h2, h3, h4, h5, h6, h7 } = rootNode
    for (const [i, word] of [h0, h1, h2, h3, h4, h5, h6, h7].entries()) data.setInt32(4 * i, word, LE)
    return out
  }

  function prove(key: Uint8Array): Uint8Array[] {
    const proof: Uint8Array[] = []
    if (rootNode === null) return proof
    if (rootNode.ref === DIRTY) commit(rootNode)
    const keyEnd = key.length * 2
    let node: TrieNode<V> | null = rootNode
    let depth = 0
    while (node !== null) {
      if (node === rootNode || node.ref === HASHED) proof.push(encode(node))
      if (node.kind === LEAF) break
      if (node.kind === EXTENSION) {
        if (node.end > keyEnd || sharedNibbles(node.key, key, depth, node.end) !== node.end) break
        depth = node.end
        node = node.child
      } else {
        if (depth === keyEnd) break
        node = node.children![nibble(key, depth)]
        depth++
      }
    }
    return proof
  }

  return {
    put,
    del,
    get: (key) => (rootNode === null ? undefined : updateTrie.findValue(rootNode, key)),
    root,
    prove,
    isEmpty: () => rootNode === null,
  }
}
