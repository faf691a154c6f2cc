import { decodeRlp } from '@rtevm/protocol/rlp'
import { EMPTY_TRIE_ROOT, type Keccak } from '../commitment/index.ts'
import {
  type DecodedNode,
  decodeNode,
  hashedChildren,
  hashKey,
  WitnessInvalidError,
} from '../witness/index.ts'

/**
 * Indexes a witness's nodes by hash and checks that every one of them hangs
 * from `parentStateRoot` (through the account trie, or through a storage root
 * held by one of its account leaves). A node whose bytes were changed no
 * longer matches any reference, so it is caught here rather than as a
 * confusing miss later. Returns the nodes, decoded, by hash.
 */
export function checkNodeSet(
  nodes: readonly Uint8Array[],
  parentStateRoot: Uint8Array,
  keccak: Keccak,
): Map<string, DecodedNode> {
  const index = new Map<string, Uint8Array>()
  for (const node of nodes) index.set(hashKey(keccak.hash(node)), node)
  const reached = new Map<string, DecodedNode>()
  const storageRoots: Uint8Array[] = []

  function walk(root: Uint8Array, isAccountTrie: boolean): void {
    const stack = [root]
    while (stack.length > 0) {
      const id = hashKey(stack.pop() as Uint8Array)
      const bytes = index.get(id)
      if (bytes === undefined || reached.has(id)) continue
      const node = decodeNode(bytes)
      reached.set(id, node)
      stack.push(...hashedChildren(node))
      if (isAccountTrie && node.kind === 'leaf') storageRoots.push(storageRootOf(node.value))
    }
  }

  if (!sameBytes(parentStateRoot, EMPTY_TRIE_ROOT)) walk(parentStateRoot, true)
  for (const root of storageRoots) walk(root, false)
  if (reached.size !== index.size) {
    throw new WitnessInvalidError(
      `${index.size - reached.size} of ${index.size} nodes are not reachable from the parent state root`,
    )
  }
  return reached
}

function storageRootOf(leaf: Uint8Array): Uint8Array {
  const fields = decodeRlp(leaf, 'account leaf')
  const root = Array.isArray(fields) ? fields[2] : undefined
  if (!(root instanceof Uint8Array) || root.length !== 32)
    throw new WitnessInvalidError('an account leaf without a 32-byte storage root')
  return root.slice()
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
