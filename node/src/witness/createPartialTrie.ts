import { type Input, RLP } from '@ethereumjs/rlp'
import { EMPTY_TRIE_ROOT, type Keccak } from '../commitment/index.ts'
import { WitnessInvalidError } from './errors.ts'

/** A child stored on its own: its hash, and the node once loaded (nodes never change, so this is a cache). */
type HashRef = { kind: 'hash'; hash: Uint8Array; node?: TrieNode }
type Leaf = { kind: 'leaf'; path: number[]; value: Uint8Array; ref?: Input }
type Extension = { kind: 'extension'; path: number[]; child: Ref; ref?: Input }
type Branch = { kind: 'branch'; children: (Ref | null)[]; value: Uint8Array | null; ref?: Input }
type TrieNode = Leaf | Extension | Branch
type Ref = TrieNode | HashRef
/** A trie node as decoded from its RLP. */
export type DecodedNode = TrieNode

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

  function refItem(ref: Ref): Input {
    if (ref.kind === 'hash') return ref.hash
    if (ref.ref === undefined) {
      const item = itemOf(ref)
      const encoded = RLP.encode(item)
      ref.ref = encoded.length < 32 ? item : keccak.hash(encoded)
    }
    return ref.ref
  }

  function itemOf(node: TrieNode): Input {
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
      return keccak.hash(RLP.encode(itemOf(root)))
    },
  }
}

/** Decodes one trie node's RLP; throws WitnessInvalidError on anything that is not a node. */
export function decodeNode(bytes: Uint8Array): DecodedNode {
  let item: Input
  try {
    item = RLP.decode(bytes) as Input
  } catch (cause) {
    throw new WitnessInvalidError('a node is not valid RLP', { cause })
  }
  return nodeOf(item)
}

/** Child references of a decoded node that are hashes (nodes stored on their own). */
export function hashedChildren(node: DecodedNode): Uint8Array[] {
  const out: Uint8Array[] = []
  const visit = (ref: Ref | null) => {
    if (ref === null) return
    if (ref.kind === 'hash') out.push(ref.hash)
    else if (ref.kind === 'branch') ref.children.forEach(visit)
    else if (ref.kind === 'extension') visit(ref.child)
  }
  if (node.kind === 'branch') node.children.forEach(visit)
  else if (node.kind === 'extension') visit(node.child)
  return out
}

function nodeOf(item: Input): TrieNode {
  if (!Array.isArray(item)) throw new WitnessInvalidError('a node is not an RLP list')
  if (item.length === 17) {
    const children = item.slice(0, 16).map(childOf)
    const value = bytesOf(item[16])
    return { kind: 'branch', children, value: value.length === 0 ? null : value }
  }
  if (item.length !== 2) throw new WitnessInvalidError(`a node has ${item.length} items, expected 2 or 17`)
  const { path, isLeaf } = decodePath(bytesOf(item[0]))
  if (isLeaf) return { kind: 'leaf', path, value: bytesOf(item[1]) }
  const child = childOf(item[1])
  if (child === null || path.length === 0) throw new WitnessInvalidError('an extension without path or child')
  return { kind: 'extension', path, child }
}

function childOf(item: Input): Ref | null {
  if (Array.isArray(item)) {
    const node = nodeOf(item)
    node.ref = item
    return node
  }
  const bytes = bytesOf(item)
  if (bytes.length === 0) return null
  if (bytes.length !== 32) throw new WitnessInvalidError(`a child reference of ${bytes.length} bytes`)
  return hashRef(bytes)
}

function bytesOf(item: Input): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new WitnessInvalidError('a list where bytes were expected')
  return item
}

function hashRef(hash: Uint8Array): HashRef {
  return { kind: 'hash', hash }
}

function leaf(path: number[], value: Uint8Array): Leaf {
  return { kind: 'leaf', path, value }
}

function extension(path: number[], child: Ref): Extension {
  return { kind: 'extension', path, child }
}

function branch(children: (Ref | null)[], value: Uint8Array | null): Branch {
  return { kind: 'branch', children, value }
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

// Hex-prefix encoding (Yellow Paper appendix C): flag nibble 2 for a leaf, +1 when odd.
function encodePath(path: number[], isLeaf: boolean): Uint8Array {
  const odd = path.length & 1
  const out = new Uint8Array((path.length >> 1) + 1)
  out[0] = ((isLeaf ? 2 : 0) + odd) << 4
  let p = 0
  if (odd) out[0] |= path[p++]
  for (let i = 1; i < out.length; i++, p += 2) out[i] = (path[p] << 4) | path[p + 1]
  return out
}

function decodePath(bytes: Uint8Array): { path: number[]; isLeaf: boolean } {
  if (bytes.length === 0) throw new WitnessInvalidError('an empty node path')
  const flag = bytes[0] >> 4
  if (flag > 3) throw new WitnessInvalidError(`a node path flag ${flag}`)
  const odd = flag & 1
  if (!odd && (bytes[0] & 15) !== 0) throw new WitnessInvalidError('a non-canonical node path')
  const path: number[] = odd ? [bytes[0] & 15] : []
  for (let i = 1; i < bytes.length; i++) path.push(bytes[i] >> 4, bytes[i] & 15)
  return { path, isLeaf: flag >= 2 }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
