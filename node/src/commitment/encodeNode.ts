import { BRANCH, EXTENSION, nibble, type TrieNode } from './TrieNode.ts'

/**
 * RLP of one trie node, written by hand into a caller's buffer (the hasher's
 * scratch memory) so committing allocates nothing but the resulting hash.
 * Children must already be committed: their `ref` is embedded as is (inline
 * RLP under 32 bytes) or as a 32-byte string (a hash).
 */
export const encodeNode = { length: nodeLength, write: writeNode }

/** Encoded length of `node`, to size the buffer before `write`. */
function nodeLength(node: TrieNode): number {
  const payload = payloadLength(node)
  return headerLength(payload) + payload
}

/** Writes the RLP of `node` at `buf[0..]` and returns its length. */
function writeNode(node: TrieNode, buf: Uint8Array): number {
  let pos = writeHeader(buf, 0, payloadLength(node), 0xc0)
  if (node.kind === BRANCH) {
    const children = node.children!
    for (let i = 0; i < 16; i++) {
      const child = children[i]
      if (child === null) buf[pos++] = 0x80
      else pos = writeRef(buf, pos, child.ref!)
    }
    if (node.value === null) buf[pos++] = 0x80
    else pos = writeString(buf, pos, node.value)
    return pos
  }
  if (node.kind === EXTENSION) {
    pos = writePath(buf, pos, node.key, node.start, node.end, 0)
    return writeRef(buf, pos, node.child!.ref!)
  }
  pos = writePath(buf, pos, node.key, node.start, node.key.length * 2, 0x20)
  return writeString(buf, pos, node.value!)
}

function payloadLength(node: TrieNode): number {
  if (node.kind === BRANCH) {
    const children = node.children!
    let total = node.value === null ? 1 : stringLength(node.value)
    for (let i = 0; i < 16; i++) {
      const child = children[i]
      total += child === null ? 1 : refLength(child.ref!)
    }
    return total
  }
  if (node.kind === EXTENSION) return pathLength(node.end - node.start) + refLength(node.child!.ref!)
  return pathLength(node.key.length * 2 - node.start) + stringLength(node.value!)
}

// A 32-byte ref is a hash, written as an RLP string; anything shorter is an
// embedded node's own RLP.
function refLength(ref: Uint8Array): number {
  return ref.length === 32 ? 33 : ref.length
}

function writeRef(buf: Uint8Array, pos: number, ref: Uint8Array): number {
  if (ref.length === 32) buf[pos++] = 0xa0
  buf.set(ref, pos)
  return pos + ref.length
}

function headerLength(length: number): number {
  if (length < 56) return 1
  let bytes = 1
  while (length >= 256 ** bytes) bytes++
  return 1 + bytes
}

function writeHeader(buf: Uint8Array, pos: number, length: number, base: number): number {
  if (length < 56) {
    buf[pos] = base + length
    return pos + 1
  }
  const bytes = headerLength(length) - 1
  buf[pos++] = base + 55 + bytes
  for (let i = bytes - 1; i >= 0; i--) buf[pos++] = Math.floor(length / 256 ** i) & 0xff
  return pos
}

function stringLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0] < 0x80) return 1
  return headerLength(bytes.length) + bytes.length
}

function writeString(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  if (bytes.length !== 1 || bytes[0] >= 0x80) pos = writeHeader(buf, pos, bytes.length, 0x80)
  buf.set(bytes, pos)
  return pos + bytes.length
}

// Hex-prefix path encoding: one flag byte (leaf 0x20, odd length 0x10, plus
// the first nibble when odd), then the remaining nibbles packed in pairs. The
// flag byte is always < 0x80, so a 1-byte path is its own RLP.
function pathLength(nibbles: number): number {
  const bytes = (nibbles >> 1) + 1
  return bytes === 1 ? 1 : headerLength(bytes) + bytes
}

function writePath(
  buf: Uint8Array,
  pos: number,
  key: Uint8Array,
  start: number,
  end: number,
  leaf: number,
): number {
  const odd = (end - start) & 1
  const bytes = ((end - start) >> 1) + 1
  if (bytes > 1) pos = writeHeader(buf, pos, bytes, 0x80)
  buf[pos++] = odd ? leaf | 0x10 | nibble(key, start) : leaf
  let p = start + odd
  if ((p & 1) === 0) {
    // Byte-aligned in the key: a plain copy.
    for (let i = p >> 1; i < end >> 1; i++) buf[pos++] = key[i]
  } else {
    for (; p < end; p += 2) buf[pos++] = (nibble(key, p) << 4) | nibble(key, p + 1)
  }
  return pos
}
