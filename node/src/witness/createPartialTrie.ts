import { encodeRlp, type RlpItem } from '@rtevm/protocol/rlp'
import { EMPTY_TRIE_ROOT, type Keccak } from '../commitment/index.ts'
import {
  branch,
  type DecodedNode,
  decodeNode,
  encodePath,
  extension,
  hashRef,
  leaf,
  type Ref,
  type TrieNode,
} from './partialTrieNode.ts'

/**
 * Loads the node with `hash` (its RLP, or the node already decoded), found
 * at nibble `path` from the trie's root. Throws (WitnessMissingNodeError)
 * when it cannot; a witness builder instead fetches the node and adds it to
 * the witness.
 */
export type NodeResolver = (hash: Uint8Array, path: number[]) => Uint8Array | DecodedNode

/**
 * A Merkle Patricia Trie of which only some nodes are known: the rest are
 * hashes. Reads and updates load nodes through `resolve` as they reach them,
 * so a trie built from proofs can answer for, and be updated at, exactly the
 * keys those proofs cover (plus what a deletion's branch collapse needs).
 * Keys are used as given (callers pass keccak256 of the address or slot).
 * Nodes are immutable: an update rebuilds its path, and `root()` re-hashes
 * only rebuilt nodes.
 */
export type PartialTrie = {
  get(key: Uint8Array): Uint8Array | undefined
  /** Sets `key`; an empty value deletes it. */
  put(key: Uint8Array, value: Uint8Array): void
  del(key: Uint8Array): void
  root(): Uint8Array
}

export type PartialTrieOptions = {
  root: Uint8Array
  resolve: NodeResolver
  keccak: Keccak
}

const EMPTY = new Uint8Array(0)

export function createPartialTrie(options: PartialTrieOptions): PartialTrie {
  const { resolve, keccak } = options
  let root: Ref | null = sameBytes(options.root, EMPTY_TRIE_ROOT) ? null : hashRef(options.root)

  // The node at nibbles [0, depth) of `nibbles`; the path is only built when the node must be resolved.
  function load(ref: Ref, nibbles: number[], depth: number): TrieNode {
    if (ref.kind !== 'hash') return ref
    if (ref.node === undefined) {
      const resolved = resolve(ref.hash, nibbles.slice(0, depth))
      ref.node = resolved instanceof Uint8Array ? decodeNode(resolved) : resolved
      ref.node.ref = ref.hash
    }
    return ref.node
  }

  function get(key: Uint8Array): Uint8Array | undefined {
    const nibbles = toNibbles(key)
    let ref = root
    let depth = 0
    while (ref !== null) {
      const node = load(ref, nibbles, depth)
      if (node.kind === 'leaf') {
        return matches(node.path, nibbles, depth) && depth + node.path.length === nibbles.length
          ? node.value
          : undefined
      }
      if (node.kind === 'extension') {
        if (!matches(node.path, nibbles, depth)) return undefined
        depth += node.path.length
        ref = node.child
      } else {
        if (depth === nibbles.length) return node.value ?? undefined
        ref = node.children[nibbles[depth]]
        depth++
      }
    }
    return undefined
  }

  function insert(ref: Ref | null, nibbles: number[], depth: number, value: Uint8Array): TrieNode {
    if (ref === null) return leaf(nibbles.slice(depth), value)
    const node = load(ref, nibbles, depth)
    if (node.kind === 'branch') {
      if (depth === nibbles.length) return branch(node.children.slice(), value)
      const children = node.children.slice()
      const i = nibbles[depth]
      children[i] = insert(children[i], nibbles, depth + 1, value)
      return branch(children, node.value)
    }
    const common = commonLength(node.path, nibbles, depth)
    if (node.kind === 'leaf' && common === node.path.length && depth + common === nibbles.length) {
      return leaf(node.path, value)
    }
    if (node.kind === 'extension' && common === node.path.length) {
      return extension(node.path, insert(node.child, nibbles, depth + common, value))
    }
    // The paths part after `common` nibbles: a branch there holds both sides.
    const split = branch(new Array<Ref | null>(16).fill(null), null)
    const oldRest = node.path.slice(common)
    if (node.kind === 'leaf') {
      if (oldRest.length === 0) split.value = node.value
      else split.children[oldRest[0]] = leaf(oldRest.slice(1), node.value)
    } else {
      split.children[oldRest[0]] = oldRest.length === 1 ? node.child : extension(oldRest.slice(1), node.child)
    }
    const at = depth + common
    if (at === nibbles.length) split.value = value
    else split.children[nibbles[at]] = leaf(nibbles.slice(at + 1), value)
    return common > 0 ? extension(node.path.slice(0, common), split) : split
  }

  // Returns `ref` itself when the key is absent, so callers can tell nothing changed.
  function remove(ref: Ref, nibbles: number[], depth: number): Ref | null {
    const node = load(ref, nibbles, depth)
    if (node.kind === 'leaf') {
      const hit = matches(node.path, nibbles, depth) && depth + node.path.length === nibbles.length
      return hit ? null : ref
    }
    if (node.kind === 'extension') {
      if (!matches(node.path, nibbles, depth)) return ref
      const child = remove(node.child, nibbles, depth + node.path.length)
      if (child === node.child) return ref
      // A branch keeps at least one entry, so the child is still there.
      return join(node.path, child as TrieNode)
    }
    const children = node.children.slice()
    let value = node.value
    if (depth === nibbles.length) {
      if (value === null) return ref
      value = null
    } else {
      const i = nibbles[depth]
      const child = children[i]
      if (child === null) return ref
      const updated = remove(child, nibbles, depth + 1)
      if (updated === child) return ref
      children[i] = updated
    }
    let only = -1
    let count = value === null ? 0 : 1
    for (let i = 0; i < 16; i++) {
      if (children[i] !== null) {
        only = i
        count++
      }
    }
    if (count >= 2) return branch(children, value)
    if (only < 0) return leaf([], value as Uint8Array)
    // One child left: fold it into this position, which needs to know what it is.
    const child = load(children[only] as Ref, [...nibbles.slice(0, depth), only], depth + 1)
    return join([only], child, children[only] as Ref)
  }

  function join(prefix: number[], child: TrieNode, childRef: Ref = child): TrieNode {
    if (child.kind === 'branch') return extension(prefix, childRef)
    if (child.kind === 'leaf') return leaf([...prefix, ...child.path], child.value)
    return extension([...prefix, ...child.path], child.child)
  }

  function refItem(ref: Ref): RlpItem {
    if (ref.kind === 'hash') return ref.hash
    if (ref.ref === undefined) {
      const item = itemOf(ref)
      const encoded = encodeRlp(item)
      ref.ref = encoded.length < 32 ? item : keccak.hash(encoded)
    }
    return ref.ref
  }

  function itemOf(node: TrieNode): RlpItem {
    if (node.kind === 'leaf') return [encodePath(node.path, true), node.value]
    if (node.kind === 'extension') return [encodePath(node.path, false), refItem(node.child)]
    return [...node.children.map((child) => (child === null ? EMPTY : refItem(child))), node.value ?? EMPTY]
  }

  return {
    get,
    put(key, value) {
      if (value.length === 0) this.del(key)
      else root = insert(root, toNibbles(key), 0, value)
    },
    del(key) {
      if (root !== null) root = remove(root, toNibbles(key), 0)
    },
    root() {
      if (root === null) return EMPTY_TRIE_ROOT.slice()
      if (root.kind === 'hash') return root.hash
      // The root is referred to by hash even when its RLP is short.
      return keccak.hash(encodeRlp(itemOf(root)))
    },
  }
}

function toNibbles(key: Uint8Array): number[] {
  const out = new Array<number>(key.length * 2)
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key[i] >> 4
    out[2 * i + 1] = key[i] & 15
  }
  return out
}

function matches(path: number[], nibbles: number[], depth: number): boolean {
  if (depth + path.length > nibbles.length) return false
  for (let i = 0; i < path.length; i++) if (path[i] !== nibbles[depth + i]) return false
  return true
}

function commonLength(path: number[], nibbles: number[], depth: number): number {
  let i = 0
  while (i < path.length && depth + i < nibbles.length && path[i] === nibbles[depth + i]) i++
  return i
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
