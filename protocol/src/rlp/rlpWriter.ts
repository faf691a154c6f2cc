/**
 * RLP written in place on a caller's buffer, measuring before writing (a list
 * header needs its payload length): what `encodeRlp` is built on, and what the
 * state trie uses directly to hash nodes without building item trees.
 */
export const rlpWriter = {
  headerLength,
  writeHeader,
  stringLength,
  writeString,
  uintLength,
  writeUint,
  uintItemLength,
  writeUintItem,
}

/** Length of the header of a string or list whose payload is `length` bytes. */
function headerLength(length: number): number {
  if (length < 56) return 1
  let bytes = 1
  while (length >= 256 ** bytes) bytes++
  return 1 + bytes
}

/** Writes a header with `base` 0x80 (string) or 0xc0 (list); returns the new position. */
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

/** Length of `bytes` as an RLP string (a single byte under 0x80 is its own encoding). */
function stringLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0] < 0x80) return 1
  return headerLength(bytes.length) + bytes.length
}

function writeString(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  if (bytes.length !== 1 || bytes[0] >= 0x80) pos = writeHeader(buf, pos, bytes.length, 0x80)
  buf.set(bytes, pos)
  return pos + bytes.length
}

const TWO_53 = 0x20000000000000n
const MASK_48 = 0xffffffffffffn

/** Bytes in the minimal big-endian form of a non-negative integer (0 for zero). */
function uintLength(value: bigint): number {
  let length = 0
  // Chunks of 48 bits keep the arithmetic in exact doubles, with few bigint ops
  // (each allocates) for the 70-90-bit balances that dominate.
  while (value >= TWO_53) {
    value >>= 48n
    length += 6
  }
  for (let n = Number(value); n > 0; n = Math.floor(n / 256)) length++
  return length
}

/** Writes the `length`-byte minimal big-endian form of `value` (no header); returns the new position. */
function writeUint(buf: Uint8Array, pos: number, value: bigint, length: number): number {
  let i = pos + length - 1
  while (value >= TWO_53) {
    let chunk = Number(value & MASK_48)
    for (let k = 0; k < 6; k++, i--) {
      buf[i] = chunk % 256
      chunk = Math.floor(chunk / 256)
    }
    value >>= 48n
  }
  for (let n = Number(value); i >= pos; i--) {
    buf[i] = n % 256
    n = Math.floor(n / 256)
  }
  return pos + length
}

/** Length of a non-negative integer as an RLP item (zero is the empty string 0x80). */
function uintItemLength(value: bigint): number {
  const length = uintLength(value)
  return length === 1 && value < 0x80n ? 1 : 1 + length
}

function writeUintItem(buf: Uint8Array, pos: number, value: bigint): number {
  const length = uintLength(value)
  if (length !== 1 || value >= 0x80n) buf[pos++] = 0x80 + length
  return writeUint(buf, pos, value, length)
}
