/** 2^48: the widest chunk that converts between `number` and `bigint` exactly and is byte-aligned. */
const CHUNK = 48n
const CHUNK_BYTES = 6

/**
 * Minimal big-endian bytes of a non-negative integer (0 → empty), as Ethereum
 * encodes quantities. Works in 48-bit chunks so a uint256 costs a handful of
 * bigint operations rather than one per byte.
 */
export function bigintToBytes(value: bigint): Uint8Array {
  const chunks: number[] = []
  while (value > 0n) {
    chunks.push(Number(BigInt.asUintN(48, value)))
    value >>= CHUNK
  }
  if (chunks.length === 0) return new Uint8Array(0)
  const top = chunks[chunks.length - 1]
  const topLength = numberByteLength(top)
  const out = new Uint8Array(topLength + (chunks.length - 1) * CHUNK_BYTES)
  let end = out.length
  for (let i = 0; i < chunks.length - 1; i++) {
    writeNumberBE(out, end - CHUNK_BYTES, CHUNK_BYTES, chunks[i])
    end -= CHUNK_BYTES
  }
  writeNumberBE(out, 0, topLength, top)
  return out
}

/** Big-endian unsigned integer of `bytes[start, end)`; the caller checks minimality and width. */
export function bytesToBigint(bytes: Uint8Array, start: number, end: number): bigint {
  const length = end - start
  if (length <= CHUNK_BYTES) return BigInt(readNumberBE(bytes, start, length))
  const head = length % CHUNK_BYTES || CHUNK_BYTES
  let value = BigInt(readNumberBE(bytes, start, head))
  for (let i = start + head; i < end; i += CHUNK_BYTES) {
    value = (value << CHUNK) | BigInt(readNumberBE(bytes, i, CHUNK_BYTES))
  }
  return value
}

/** Bytes needed for a non-negative safe integer (0 for 0). */
export function numberByteLength(n: number): number {
  let length = 0
  while (n > 0) {
    length++
    n = Math.floor(n / 256)
  }
  return length
}

/** Writes `n` as exactly `length` big-endian bytes at `offset`. */
export function writeNumberBE(out: Uint8Array, offset: number, length: number, n: number): void {
  for (let i = offset + length - 1; i >= offset; i--) {
    // `& 0xff` is exact for any safe integer: ToInt32 keeps the low 32 bits.
    out[i] = n & 0xff
    n = Math.floor(n / 256)
  }
}

/** Reads `length` (≤ 6) big-endian bytes at `offset` as a number. */
export function readNumberBE(bytes: Uint8Array, offset: number, length: number): number {
  let n = 0
  for (let i = offset; i < offset + length; i++) n = n * 256 + bytes[i]
  return n
}
