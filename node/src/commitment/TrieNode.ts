/** Node kinds of the hexary Patricia trie (Ethereum Yellow Paper, appendix D). */
export const LEAF = 0
export const EXTENSION = 1
export const BRANCH = 2

/**
 * One trie node. A single class with every field (rather than one class per
 * kind) keeps property access monomorphic on the hot paths.
 *
 * Paths are never stored as nibble arrays: a node keeps a reference to a full
 * key whose nibbles [0, end) spell the absolute path from the root to the end
 * of this node. Any key that ever passed through the node satisfies that, and
 * it stays true as the trie changes because a node never moves to another
 * absolute position. This saves a typed array per node (hundreds of
 * thousands of them) and all copying when nodes split or merge.
 */
export class TrieNode {
  /** LEAF, EXTENSION or BRANCH. */
  kind: number
  /**
   * Leaf: exactly the entry's key. Extension: any key through it. Branch: any
   * key through it, and exactly the key of `value` whenever `value` is set.
   */
  key: Uint8Array
  /** Leaf and extension: absolute nibble index where this node's own path starts. */
  start: number
  /** Extension: absolute nibble index where its path ends and its child starts. */
  end: number
  /** Leaf value, or the branch's value (a key ending at the branch); null when none. */
  value: Uint8Array | null
  /** Extension: its only child. */
  child: TrieNode | null
  /** Branch: 16 slots, one per nibble. */
  children: (TrieNode | null)[] | null
  /**
   * How the parent refers to this node: its 32-byte keccak, or its RLP when
   * that is under 32 bytes (embedded, per the spec). Null while dirty; every
   * change clears it on the whole path from the root, so commit only
   * re-encodes nodes that changed.
   */
  ref: Uint8Array | null

  constructor(kind: number, key: Uint8Array, start: number, end: number) {
    this.kind = kind
    this.key = key
    this.start = start
    this.end = end
    this.value = null
    this.child = null
    this.children = null
    this.ref = null
  }
}

/** Nibble `i` of `key` (high nibble of each byte first). */
export function nibble(key: Uint8Array, i: number): number {
  return (key[i >> 1] >> ((~i & 1) << 2)) & 15
}

/** A leaf for `key` whose own path starts at nibble `start`. */
export function createLeaf(key: Uint8Array, start: number, value: Uint8Array): TrieNode {
  const node = new TrieNode(LEAF, key, start, key.length * 2)
  node.value = value
  return node
}

/** An extension over nibbles [start, end) of `key`, pointing at `child`. */
export function createExtension(key: Uint8Array, start: number, end: number, child: TrieNode): TrieNode {
  const node = new TrieNode(EXTENSION, key, start, end)
  node.child = child
  return node
}

/** An empty branch; `key` is any key through it. */
export function createBranch(key: Uint8Array): TrieNode {
  const node = new TrieNode(BRANCH, key, 0, 0)
  node.children = [
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ]
  return node
}
