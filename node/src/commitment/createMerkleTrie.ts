import { EMPTY_TRIE_ROOT } from './constants.ts'
import { createKeccak, type Keccak } from './createKeccak.ts'
import { encodeNode } from './encodeNode.ts'
import { BRANCH, EXTENSION, LEAF, nibble, type TrieNode } from './TrieNode.ts'
import { updateTrie } from './updateTrie.ts'

/**
 * A Merkle Patricia Trie held entirely in RAM whose root equals Ethereum's
 * for the same keys and values. Keys are used as given (a secure trie hashes
 * them before calling in). Updates only mark their path dirty; `root()`
 * re-encodes and re-hashes just the dirty nodes, so the intended use is many
 * puts, then one root.
 */
export type MerkleTrie = {
  /** Sets `key` to `value`; an empty `value` deletes the key, as in Ethereum. */
  put(key: Uint8Array, value: Uint8Array): void
  /** Deletes `key`; a missing key is a no-op. */
  del(key: Uint8Array): void
  /** The value under `key`, or undefined. The array is the trie's own: do not mutate it. */
  get(key: Uint8Array): Uint8Array | undefined
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

export type MerkleTrieOptions = {
  /** Hasher to use; tries that commit one after another can share one (and its memory). */
  keccak?: Keccak
  /**
   * True when the caller never mutates a key after passing it to `put` (keys
   * fresh from a hash are), so the trie keeps it without copying.
   */
  keysAreOwned?: boolean
}

/** Creates an empty in-memory Merkle Patricia Trie. */
export function createMerkleTrie(options: MerkleTrieOptions = {}): MerkleTrie {
  const keccak = options.keccak ?? createKeccak()
  const keysAreOwned = options.keysAreOwned ?? false
  let rootNode: TrieNode | null = null

  // Post-order, so children's refs exist before the parent's RLP embeds them
  // (and before the shared scratch buffer is reused for the parent).
  function commit(node: TrieNode): Uint8Array {
    if (node.ref !== null) return node.ref
    if (node.kind === BRANCH) {
      const children = node.children!
      for (let i = 0; i < 16; i++) {
        const child = children[i]
        if (child !== null && child.ref === null) commit(child)
      }
    } else if (node.kind === EXTENSION) {
      commit(node.child!)
    }
    const length = encodeNode.length(node)
    const buf = keccak.scratch(length)
    encodeNode.write(node, buf)
    node.ref = length < 32 ? buf.slice(0, length) : keccak.digest(length)
    return node.ref
  }

  function encode(node: TrieNode): Uint8Array {
    const length = encodeNode.length(node)
    const buf = keccak.scratch(length)
    encodeNode.write(node, buf)
    return buf.slice(0, length)
  }

  function put(key: Uint8Array, value: Uint8Array): void {
    if (value.length === 0) {
      del(key)
      return
    }
    rootNode = updateTrie.insertKey(rootNode, keysAreOwned ? key : key.slice(), 0, value)
  }

  function del(key: Uint8Array): void {
    if (rootNode === null || updateTrie.findValue(rootNode, key) === undefined) return
    rootNode = updateTrie.removeKey(rootNode, key, 0)
  }

  function root(): Uint8Array {
    if (rootNode === null) return EMPTY_TRIE_ROOT.slice()
    const ref = commit(rootNode)
    // The root is always referred to by hash, even when its RLP is short.
    return ref.length === 32 ? ref.slice() : keccak.hash(ref)
  }

  function prove(key: Uint8Array): Uint8Array[] {
    const proof: Uint8Array[] = []
    if (rootNode === null) return proof
    commit(rootNode)
    const keyEnd = key.length * 2
    let node: TrieNode | null = rootNode
    let depth = 0
    while (node !== null) {
      if (node === rootNode || node.ref!.length === 32) proof.push(encode(node))
      if (node.kind === LEAF) break
      if (node.kind === EXTENSION) {
        if (node.end > keyEnd || !samePath(node.key, key, depth, node.end)) break
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

function samePath(a: Uint8Array, b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (nibble(a, i) !== nibble(b, i)) return false
  return true
}
