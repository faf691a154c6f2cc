import {
  BRANCH,
  childAt,
  createBranch,
  createExtension,
  createLeaf,
  DIRTY,
  EXTENSION,
  LEAF,
  nibble,
  setChildAt,
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
      const i = nibble(key, depth)
      const child = childAt(node, i)
      const updated = insertKey(child, key, depth + 1, value, copyKey)
      // Most updates keep the child; skipping the store skips its write barrier too.
      if (updated !== child) setChildAt(node, i, updated)
    }
    return node
  }
  const other = node.key
  const otherEnd = node.kind === LEAF ? other.length * 2 : node.end
  const m = sharedNibbles(other, key, depth, Math.min(otherEnd, keyEnd))

  if (node.kind === EXTENSION && m === otherEnd) {
    node.ref = DIRTY
    const updated = insertKey(node.child, key, otherEnd, value, copyKey)
    if (updated !== node.child) node.child = updated
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
      setChildAt(branch, nibble(other, m), node)
    }
  } else if (m + 1 === otherEnd) {
    setChildAt(branch, nibble(other, m), node.child)
  } else {
    node.start = m + 1
    node.ref = DIRTY
    setChildAt(branch, nibble(other, m), node)
  }
  if (m === keyEnd) branch.value = value
  else setChildAt(branch, nibble(own, m), createLeaf(own, m + 1, value))
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
  if (node.kind !== BRANCH) {
    // An extension. A branch below it keeps at least one entry, so child is non-null.
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
  if (depth === key.length * 2) node.value = null
  else {
    const i = nibble(key, depth)
    setChildAt(node, i, removeKey(childAt(node, i)!, key, depth + 1))
  }
  let only = -1
  let count = node.value === null ? 0 : 1
  for (let i = 0; i < 16 && count < 2; i++) {
    if (childAt(node, i) !== null) {
      only = i
      count++
    }
  }
  if (count >= 2) return node
  if (only < 0) return createLeaf(node.key, depth, node.value!)
  const child = childAt(node, only)!
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
    if (node.kind === BRANCH) {
      if (depth === keyEnd) return node.value ?? undefined
      node = childAt(node, nibble(key, depth))
      depth++
    } else if (node.kind === LEAF) {
      return sameBytes(node.key, key) ? node.value! : undefined
    } else {
      if (node.end > keyEnd || sharedNibbles(node.key, key, depth, node.end) !== node.end) return undefined
      depth = node.end
      node = node.child
    }
  }
  return undefined
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
