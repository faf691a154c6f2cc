/** Node kinds of the hexary Patricia trie (Ethereum Yellow Paper, appendix D). */
export const LEAF = 0 as const
export const EXTENSION = 1 as const
export const BRANCH = 2 as const

/** States of a node's `ref`. */
export const DIRTY = 0
export const HASHED = 1
export const EMBEDDED = 2

/**
 * Paths are never stored as nibble arrays: a node keeps a reference to a full
 * key whose nibbles [0, end) spell the absolute path from the root to the end
 * of this node. Any key that ever passed through the node satisfies that, and
 * it stays true as the trie changes because a node never moves to another
 * absolute position. This saves a typed array per node (hundreds of
 * thousands of them) and all copying when nodes split or merge.
 *
 * The fields both classes share come first and in the same order, so the
 * hot paths see two similar shapes.
 */
abstract class BaseNode<V> {
  /**
   * Leaf: exactly the entry's key. Extension: any key through it. Branch: any
   * key through it, and exactly the key of `value` whenever `value` is set.
   */
  key: Uint8Array
  /** Leaf value, or the branch's value (a key ending at the branch); null when none. */
  value: V | null
  /**
   * How the parent refers to this node: DIRTY until committed (every change
   * resets it on the whole path from the root, so commit re-encodes only what
   * changed), then HASHED (its keccak in h0..h7) or EMBEDDED (its RLP, under
   * 32 bytes, in `embedded`, to be inlined in the parent per the spec).
   */
  ref: number
  /**
   * The node's hash as eight int32 words in host byte order. Plain integer
   * fields rather than a Uint8Array: a typed array per node cost more in GC
   * and allocation than the hashing itself (measured with --cpu-prof).
   */
  h0 = 0
  h1 = 0
  h2 = 0
  h3 = 0
  h4 = 0
  h5 = 0
  h6 = 0
  h7 = 0
  /** The node's RLP when under 32 bytes. */
  embedded: Uint8Array | null = null

  constructor(key: Uint8Array, value: V | null) {
    this.key = key
    this.value = value
    this.ref = DIRTY
  }
}

/** A leaf or an extension: a path of nibbles, then a value or one child. */
export class ShortNode<V> extends BaseNode<V> {
  readonly kind: typeof LEAF | typeof EXTENSION
  /** Absolute nibble index where this node's own path starts. */
  start: number
  /** Extension: absolute nibble index where its path ends and its child starts. */
  end: number
  /** Extension: its only child. */
  child: TrieNode<V> | null

  constructor(
    kind: typeof LEAF | typeof EXTENSION,
    key: Uint8Array,
    start: number,
    end: number,
    value: V | null,
  ) {
    super(key, value)
    this.kind = kind
    this.start = start
    this.end = end
    this.child = null
  }
}

/**
 * A branch: one child per nibble, as fields of the node itself (a separate
 * 16-slot array cost one more cache miss per level on walks of large tries:
 * gets on a 100k-key trie ran ~1.5x faster without it).
 */
export class BranchNode<V> extends BaseNode<V> {
  readonly kind = BRANCH
  c0: TrieNode<V> | null = null
  c1: TrieNode<V> | null = null
  c2: TrieNode<V> | null = null
  c3: TrieNode<V> | null = null
  c4: TrieNode<V> | null = null
  c5: TrieNode<V> | null = null
  c6: TrieNode<V> | null = null
  c7: TrieNode<V> | null = null
  c8: TrieNode<V> | null = null
  c9: TrieNode<V> | null = null
  c10: TrieNode<V> | null = null
  c11: TrieNode<V> | null = null
  c12: TrieNode<V> | null = null
  c13: TrieNode<V> | null = null
  c14: TrieNode<V> | null = null
  c15: TrieNode<V> | null = null
}

/** One node of the hexary Patricia trie; `kind` tells which. */
export type TrieNode<V> = ShortNode<V> | BranchNode<V>

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
export function createLeaf<V>(key: Uint8Array, start: number, value: V): ShortNode<V> {
  return new ShortNode<V>(LEAF, key, start, key.length * 2, value)
}

/** An extension over nibbles [start, end) of `key`, pointing at `child`. */
export function createExtension<V>(
  key: Uint8Array,
  start: number,
  end: number,
  child: TrieNode<V>,
): ShortNode<V> {
  const node = new ShortNode<V>(EXTENSION, key, start, end, null)
  node.child = child
  return node
}

/** An empty branch; `key` is any key through it. */
export function createBranch<V>(key: Uint8Array): BranchNode<V> {
  return new BranchNode<V>(key, null)
}

/** Branch child for nibble `i`. */
export function childAt<V>(node: BranchNode<V>, i: number): TrieNode<V> | null {
  switch (i) {
    case 0:
      return node.c0
    case 1:
      return node.c1
    case 2:
      return node.c2
    case 3:
      return node.c3
    case 4:
      return node.c4
    case 5:
      return node.c5
    case 6:
      return node.c6
    case 7:
      return node.c7
    case 8:
      return node.c8
    case 9:
      return node.c9
    case 10:
      return node.c10
    case 11:
      return node.c11
    case 12:
      return node.c12
    case 13:
      return node.c13
    case 14:
      return node.c14
    default:
      return node.c15
  }
}

/** Sets the branch child for nibble `i`. */
export function setChildAt<V>(node: BranchNode<V>, i: number, child: TrieNode<V> | null): void {
  switch (i) {
    case 0:
      node.c0 = child
      break
    case 1:
      node.c1 = child
      break
    case 2:
      node.c2 = child
      break
    case 3:
      node.c3 = child
      break
    case 4:
      node.c4 = child
      break
    case 5:
      node.c5 = child
      break
    case 6:
      node.c6 = child
      break
    case 7:
      node.c7 = child
      break
    case 8:
      node.c8 = child
      break
    case 9:
      node.c9 = child
      break
    case 10:
      node.c10 = child
      break
    case 11:
      node.c11 = child
      break
    case 12:
      node.c12 = child
      break
    case 13:
      node.c13 = child
      break
    case 14:
      node.c14 = child
      break
    default:
      node.c15 = child
  }
}
