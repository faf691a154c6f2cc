import { decodeRlp, type RlpItem } from '@rtevm/protocol/rlp'
import { WitnessInvalidError } from './errors.ts'

// The nodes of a partial trie: what a decoded node looks like, how one is
// decoded from its RLP, and the hex-prefix path encoding both directions.

/** A child stored on its own: its hash, and the node once loaded (nodes never change, so this is a cache). */
type HashRef = { kind: 'hash'; hash: Uint8Array; node?: TrieNode }
type Leaf = { kind: 'leaf'; path: number[]; value: Uint8Array; ref?: RlpItem }
type Extension = { kind: 'extension'; path: number[]; child: Ref; ref?: RlpItem }
type Branch = { kind: 'branch'; children: (Ref | null)[]; value: Uint8Array | null; ref?: RlpItem }
export type TrieNode = Leaf | Extension | Branch
export type Ref = TrieNode | HashRef
/** A trie node as decoded from its RLP. */
export type DecodedNode = TrieNode

/** Decodes one trie node's RLP; throws WitnessInvalidError on anything that is not a node. */
export function decodeNode(bytes: Uint8Array): DecodedNode {
  let item: RlpItem
  try {
    // A copy: decoded byte strings are views, and the node keeps them.
    item = decodeRlp(bytes.slice(), 'trie node')
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

function nodeOf(item: RlpItem): TrieNode {
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

function childOf(item: RlpItem): Ref | null {
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

function bytesOf(item: RlpItem): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new WitnessInvalidError('a list where bytes were expected')
  return item
}

export function hashRef(hash: Uint8Array): HashRef {
  return { kind: 'hash', hash }
}

export function leaf(path: number[], value: Uint8Array): Leaf {
  return { kind: 'leaf', path, value }
}

export function extension(path: number[], child: Ref): Extension {
  return { kind: 'extension', path, child }
}

export function branch(children: (Ref | null)[], value: Uint8Array | null): Branch {
  return { kind: 'branch', children, value }
}

// Hex-prefix encoding (Yellow Paper appendix C): flag nibble 2 for a leaf, +1 when odd.
export function encodePath(path: number[], isLeaf: boolean): Uint8Array {
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
