/** Node kinds of the hexary Patricia trie (Ethereum Yellow Paper, appendix D). */
export const LEAF = 0
export const EXTENSION = 1
export const BRANCH = 2

/** States of TrieNode.ref. */
export const DIRTY = 0
export const HASHED = 1
export const EMBEDDED = 2

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
export class TrieNode<V> {
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
  value: V | null
  /** Extension: its only child. */
  child: TrieNode<V> | null
  /** Branch: 16 slots, one per nibble. */
  children: (TrieNode<V> | null)[] | null
  /**
   * How the parent refers to this node: DIRTY until committed (every change
   * resets it on the whole path from the root, so commit re-encodes only what
   * changed), then HASHED (its keccak in h0..h7) or EMBEDDED (its RLP, under
   * 32 bytes, in `embedded`, to be inlined in the parent per the spec).
   */
  ref: number
  /**
   * The node's hash as eight little-endian int32 words. Plain integer fields
   * rather than a Uint8Array: a typed array per node costed more in GC than
   * the hashing itself (measured with --cpu-prof).
   */
  h0: number
  h1: number
  h2: number
  h3: number
  h4: number
  h5: number
  h6: number
  h7: number
  /** The node's RLP when under 32 bytes. */
  embedded: Uint8Array | null

  constructor(kind: number, key: Uint8Array, start: number, end: number) {
    this.kind = kind
    this.key = key
    this.start = start
    this.end = end
    this.value = null
    this.child = null
    this.children = null
    this.ref = DIRTY
    this.h0 = this.h1 = this.h2 = this.h3 = this.h4 = this.h5 = this.h6 = this.h7 = 0
    this.embedded = null
  }
}

/** Nibble `i` of `key` (high nibble of each byte first). */
export function nibble(key: Uint8Array, i: number): number {
  return (key[i >> 1] >> ((~i & 1) << 2)) & 15
}

/** The first nibble index in [from, limit) where `a` and `b` differ, else `limit`. Compares whole bytes where it can. */
export function sharedNibbles(a: Uint8Array, b: Uint8Array, from: number, limit: number): number {
  let m = from
  if (m & 1 && m < limit) {
    if (nibble(a, m) !== nibble(b, m)) return m
    m++
  }
  while (m + 1 < limit && a[m >> 1] === b[m >> 1]) m += 2
  while (m < limit && nibble(a, m) === nibble(b, m)) m++
  return m
}

/** A leaf for `key` whose own path starts at nibble `start`. */
export function createLeaf<V>(key: Uint8Array, start: number, value: V): TrieNode<V> {
  const node = new TrieNode<V>(LEAF, key, start, key.length * 2)
  node.value = value
  return node
}

/** An extension over nibbles [start, end) of `key`, pointing at `child`. */
export function createExtension<V>(
  key: Uint8Array,
  start: number,
  end: number,
  child: TrieNode<V>,
): TrieNode<V> {
  const node = new TrieNode<V>(EXTENSION, key, start, end)
  node.child = child
  return node
}

/** An empty branch; `key` is any key through it. */
export function createBranch<V>(key: Uint8Array): TrieNode<V> {
  const node = new TrieNode<V>(BRANCH, key, 0, 0)
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
