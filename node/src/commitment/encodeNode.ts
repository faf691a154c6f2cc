import { rlpWriter } from '@rtevm/protocol/rlp'
import { HOST_LITTLE_ENDIAN as LE } from './createKeccak.ts'
import { BRANCH, childAt, EXTENSION, HASHED, nibble, type TrieNode } from './TrieNode.ts'
import type { ValueCodec } from './ValueCodec.ts'

/**
 * RLP of one trie node, written by hand into a caller's buffer (the hasher's
 * scratch memory) so committing allocates nothing but what it keeps.
 * Children must already be committed: each is written as its hash (a
 * 32-byte string) or, under 32 bytes, as its own RLP inline.
 */
export const encodeNode = { length: nodeLength, write: writeNode }

/** Encoded length of `node`, to size the buffer before `write`. */
function nodeLength<V>(node: TrieNode<V>, codec: ValueCodec<V>): number {
  const payload = payloadLength(node, codec)
  return rlpWriter.headerLength(payload) + payload
}

/** Writes the RLP of `node` at `buf[0..]` (`data` views the same bytes) and returns its length. */
function writeNode<V>(node: TrieNode<V>, codec: ValueCodec<V>, buf: Uint8Array, data: DataView): number {
  let pos = rlpWriter.writeHeader(buf, 0, payloadLength(node, codec), 0xc0)
  if (node.kind === BRANCH) {
    for (let i = 0; i < 16; i++) {
      const child = childAt(node, i)
      if (child === null) buf[pos++] = 0x80
      else pos = writeRef(buf, data, pos, child)
    }
    if (node.value === null) buf[pos++] = 0x80
    else pos = codec.writeItem(node.value, buf, pos)
    return pos
  }
  if (node.kind === EXTENSION) {
    pos = writePath(buf, pos, node.key, node.start, node.end, 0)
    return writeRef(buf, data, pos, node.child!)
  }
  pos = writePath(buf, pos, node.key, node.start, node.key.length * 2, 0x20)
  return codec.writeItem(node.value!, buf, pos)
}

function payloadLength<V>(node: TrieNode<V>, codec: ValueCodec<V>): number {
  if (node.kind === BRANCH) {
    let total = node.value === null ? 1 : codec.itemLength(node.value)
    for (let i = 0; i < 16; i++) {
      const child = childAt(node, i)
      total += child === null ? 1 : refLength(child)
    }
    return total
  }
  if (node.kind === EXTENSION) return pathLength(node.end - node.start) + refLength(node.child!)
  return pathLength(node.key.length * 2 - node.start) + codec.itemLength(node.value!)
}

// A hash is written as a 32-byte RLP string; an embedded node as its own RLP.
function refLength<V>(child: TrieNode<V>): number {
  return child.ref === HASHED ? 33 : child.embedded!.length
}

function writeRef<V>(buf: Uint8Array, data: DataView, pos: number, child: TrieNode<V>): number {
  if (child.ref !== HASHED) {
    buf.set(child.embedded!, pos)
    return pos + child.embedded!.length
  }
  buf[pos] = 0xa0
  data.setInt32(pos + 1, child.h0, LE)
  data.setInt32(pos + 5, child.h1, LE)
  data.setInt32(pos + 9, child.h2, LE)
  data.setInt32(pos + 13, child.h3, LE)
  data.setInt32(pos + 17, child.h4, LE)
  data.setInt32(pos + 21, child.h5, LE)
  data.setInt32(pos + 25, child.h6, LE)
  data.setInt32(pos + 29, child.h7, LE)
  return pos + 33
}

// Hex-prefix path encoding: one flag byte (leaf 0x20, odd length 0x10, plus
// the first nibble when odd), then the remaining nibbles packed in pairs. The
// flag byte is always < 0x80, so a 1-byte path is its own RLP.
function pathLength(nibbles: number): number {
  const bytes = (nibbles >> 1) + 1
  return bytes === 1 ? 1 : rlpWriter.headerLength(bytes) + bytes
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
  if (bytes > 1) pos = rlpWriter.writeHeader(buf, pos, bytes, 0x80)
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
