import {
  BRANCH,
  createBranch,
  createExtension,
  createLeaf,
  EXTENSION,
  LEAF,
  nibble,
  type TrieNode,
} from './TrieNode.ts'

/**
 * In-place updates of a trie in canonical form. Both functions return the
 * node that now stands where `node` stood and clear `ref` on every node they
 * touch, so the next commit re-encodes exactly the changed path.
 */
export const updateTrie = { insertKey, removeKey, findValue }

/** Sets `key` to `value` in the subtrie `node` that starts at nibble `depth`. */
function insertKey(node: TrieNode | null, key: Uint8Array, depth: number, value: Uint8Array): TrieNode {
  if (node === null) return createLeaf(key, depth, value)
  const keyEnd = key.length * 2
  if (node.kind === BRANCH) {
    node.ref = null
    if (depth === keyEnd) {
      node.value = value
      node.key = key
    } else {
      const children = node.children!
      const i = nibble(key, depth)
      children[i] = insertKey(children[i], key, depth + 1, value)
    }
    return node
  }
  const other = node.key
  const otherEnd = node.kind === LEAF ? other.length * 2 : node.end
  let m = depth
  while (m < otherEnd && m < keyEnd && nibble(other, m) === nibble(key, m)) m++

  if (node.kind === EXTENSION && m === otherEnd) {
    node.ref = null
    node.child = insertKey(node.child, key, otherEnd, value)
    return node
  }
  if (node.kind === LEAF && m === otherEnd && m === keyEnd) {
    node.ref = null
    node.value = value
    return node
  }

  // The paths part at nibble m: a branch there holds both sides.
  const branch = createBranch(key)
  if (node.kind === LEAF) {
    if (m === otherEnd) {
      branch.value = node.value
      branch.key = other
    } else {
      node.start = m + 1
      node.ref = null
      branch.children![nibble(other, m)] = node
    }
  } else if (m + 1 === otherEnd) {
    branch.children![nibble(other, m)] = node.child
  } else {
    node.start = m + 1
    node.ref = null
    branch.children![nibble(other, m)] = node
  }
  if (m === keyEnd) {
    branch.value = value
    branch.key = key
  } else {
    branch.children![nibble(key, m)] = createLeaf(key, m + 1, value)
  }
  return m > depth ? createExtension(key, depth, m, branch) : branch
}

/**
 * Removes `key`, which must be present, from the subtrie `node` at nibble
 * `depth`, folding branches left with one entry so the trie stays canonical
 * (the root must not depend on the order of updates).
 */
function removeKey(node: TrieNode, key: Uint8Array, depth: number): TrieNode | null {
  if (node.kind === LEAF) return null
  node.ref = null
  if (node.kind === EXTENSION) {
    // A branch below an extension keeps at least one entry, so child is non-null.
    const child = removeKey(node.child!, key, node.end)!
    if (child.kind === BRANCH) {
      node.child = child
      return node
    }
    // Leaf or extension below: absorb this extension's path into it.
    child.start = node.start
    child.ref = null
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
  child.ref = null
  return child
}

/** The value stored under `key`, or undefined. */
function findValue(root: TrieNode | null, key: Uint8Array): Uint8Array | undefined {
  const keyEnd = key.length * 2
  let node = root
  let depth = 0
  while (node !== null) {
    if (node.kind === LEAF) return sameBytes(node.key, key) ? node.value! : undefined
    if (node.kind === EXTENSION) {
      if (node.end > keyEnd) return undefined
      for (let i = depth; i < node.end; i++) if (nibble(node.key, i) !== nibble(key, i)) return undefined
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
