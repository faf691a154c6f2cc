import {
  BRANCH,
  createBranch,
  createExtension,
  createLeaf,
  DIRTY,
  EXTENSION,
  LEAF,
  nibble,
  sharedNibbles,
  type TrieNode,
} from './TrieNode.ts'

/**
 * In-place updates of a trie in canonical form. Both functions return the
 * node that now stands where `node` stood and reset `ref` to DIRTY on every
 * node they touch, so the next commit re-encodes exactly the changed path.
 */
export const updateTrie = { insertKey, removeKey, findValue }

/**
 * Sets `key` to `value` in the subtrie `node` that starts at nibble `depth`.
 * With `copyKey`, `key` is a caller's buffer: it is copied only where a new
 * node keeps it, so updating an existing key allocates nothing.
 */
function insertKey<V>(
  node: TrieNode<V> | null,
  key: Uint8Array,
  depth: number,
  value: V,
  copyKey: boolean,
): TrieNode<V> {
  if (node === null) return createLeaf(copyKey ? key.slice() : key, depth, value)
  const keyEnd = key.length * 2
  if (node.kind === BRANCH) {
    node.ref = DIRTY
    if (depth === keyEnd) {
      node.value = value
      node.key = copyKey ? key.slice() : key
    } else {
      const children = node.children!
      const i = nibble(key, depth)
      children[i] = insertKey(children[i], key, depth + 1, value, copyKey)
    }
    return node
  }
  const other = node.key
  const otherEnd = node.kind === LEAF ? other.length * 2 : node.end
  const m = sharedNibbles(other, key, depth, Math.min(otherEnd, keyEnd))

  if (node.kind === EXTENSION && m === otherEnd) {
    node.ref = DIRTY
    node.child = insertKey(node.child, key, otherEnd, value, copyKey)
    return node
  }
  if (node.kind === LEAF && m === otherEnd && m === keyEnd) {
    node.ref = DIRTY
    node.value = value
    return node
  }

  // The paths part at nibble m: a branch there holds both sides.
  const own = copyKey ? key.slice() : key
  const branch = createBranch<V>(own)
  if (node.kind === LEAF) {
    if (m === otherEnd) {
      branch.value = node.value
      branch.key = other
    } else {
      node.start = m + 1
      node.ref = DIRTY
      branch.children![nibble(other, m)] = node
    }
  } else if (m + 1 === otherEnd) {
    branch.children![nibble(other, m)] = node.child
  } else {
    node.start = m + 1
    node.ref = DIRTY
    branch.children![nibble(other, m)] = node
  }
  if (m === keyEnd) branch.value = value
  else branch.children![nibble(own, m)] = createLeaf(own, m + 1, value)
  return m > depth ? createExtension(own, depth, m, branch) : branch
}

/**
 * Removes `key`, which must be present, from the subtrie `node` at nibble
 * `depth`, folding branches left with one entry so the trie stays canonical
 * (the root must not depend on the order of updates).
 */
function removeKey<V>(node: TrieNode<V>, key: Uint8Array, depth: number): TrieNode<V> | null {
  if (node.kind === LEAF) return null
  node.ref = DIRTY
  if (node.kind === EXTENSION) {
    // A branch below an extension keeps at least one entry, so child is non-null.
    const child = removeKey(node.child!, key, node.end)!
    if (child.kind === BRANCH) {
      node.child = child
      return node
    }
    // Leaf or extension below: absorb this extension's path into it.
    child.start = node.start
    child.ref = DIRTY
    return child
  }
  const children = node.children!
  if (depth === key.length * 2) node.value = null
  else {
    const i = nibble(key, depth)
    children[i] = removeKey(children[i]!, key, depth + 1)
  }
  let only = -1
  let count = node.value === null ? 0 : 1
  for (let i = 0; i < 16 && count < 2; i++) {
    if (children[i] !== null) {
      only = i
      count++
    }
  }
  if (count >= 2) return node
  if (only < 0) return createLeaf(node.key, depth, node.value!)
  const child = children[only]!
  if (child.kind === BRANCH) return createExtension(child.key, depth, depth + 1, child)
  child.start = depth
  child.ref = DIRTY
  return child
}

/** The value stored under `key`, or undefined. */
function findValue<V>(root: TrieNode<V> | null, key: Uint8Array): V | undefined {
  const keyEnd = key.length * 2
  let node = root
  let depth = 0
  while (node !== null) {
    if (node.kind === LEAF) return sameBytes(node.key, key) ? node.value! : undefined
    if (node.kind === EXTENSION) {
      if (node.end > keyEnd || sharedNibbles(node.key, key, depth, node.end) !== node.end) return undefined
      depth = node.end
      node = node.child
    } else {
      if (depth === keyEnd) return node.value ?? undefined
      node = node.children![nibble(key, depth)]
      depth++
    }
  }
  return undefined
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
