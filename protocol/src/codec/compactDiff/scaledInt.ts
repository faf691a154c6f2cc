import type { ByteReader } from '../ByteReader.ts'
import type { ByteWriter } from '../ByteWriter.ts'

const MAX_U256 = (1n << 256n) - 1n
/** 2^256 − 1 ≈ 1.16e77, so a decimal exponent never needs to exceed 77. */
const MAX_EXPONENT = 77
const EXPONENTS = 80n
/** ceil((256 + 7) / 7): (m · 80 + e) for any uint256 fits 263 bits. */
const MAX_LEB_BYTES = 38

/**
 * Writes a uint256 as LEB128 of `m · 80 + e` where `value = m · 10^e` and `m`
 * is not a multiple of 10 (canonical). Wei amounts are round in decimal
 * (gas × 1 gwei, 10^18-based token amounts), so 5·10^13 costs 2 bytes instead
 * of 7; an amount with no trailing zero pays about 6 bits.
 */
export function writeScaled(w: ByteWriter, value: bigint, field: string): void {
  if (value < 0n || value > MAX_U256) w.fail(field, `${value} is outside uint256`)
  writeLeb(w, packScaled(value), field)
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const POW10 = Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => 10n ** BigInt(e))
const TEN_16 = POW10[16]
const TEN_4 = POW10[4]

/** `m · 80 + e` for `value = m · 10^e`, `m` not a multiple of 10; what `writePacked` writes. */
export function packScaled(value: bigint): bigint {
  if (value === 0n) return 0n
  if (value <= MAX_SAFE) {
    let m = Number(value)
    let e = 0
    while (m % 10 === 0) {
      m /= 10
      e++
    }
    // m · 80 stays exact as a number below 2^53 / 80.
    return m < 112_589_990_684_262 ? BigInt(m * 80 + e) : BigInt(m) * EXPONENTS + BigInt(e)
  }
  // Strip zeros in big steps first: each bigint division costs about as much as a small one.
  let m = value
  let e = 0
  while (m % TEN_16 === 0n) {
    m /= TEN_16
    e += 16
  }
  while (m % TEN_4 === 0n) {
    m /= TEN_4
    e += 4
  }
  while (m % 10n === 0n) {
    m /= 10n
    e++
  }
  return m * EXPONENTS + BigInt(e)
}

/** Bytes `writePacked` takes for `packed`. */
export function packedLength(packed: bigint): number {
  if (packed <= MAX_SAFE) {
    let n = Number(packed)
    let length = 1
    while (n >= 128) {
      n = Math.floor(n / 128)
      length++
    }
    return length
  }
  const hex = packed.toString(16)
  const bits = hex.length * 4 - Math.clz32(Number.parseInt(hex[0], 16)) + 28
  return Math.ceil(bits / 7)
}

/** Writes a `packScaled` result. */
export function writePacked(w: ByteWriter, packed: bigint, field: string): void {
  writeLeb(w, packed, field)
}

/** Reads `writeScaled` output; rejects a non-canonical mantissa, exponent or value past uint256. */
export function readScaled(r: ByteReader, field: string): bigint {
  const packed = readLeb(r, field)
  const e = Number(packed % EXPONENTS)
  const m = packed / EXPONENTS
  if (e > MAX_EXPONENT) r.fail(field, `decimal exponent ${e} exceeds ${MAX_EXPONENT}`)
  if (m === 0n && e !== 0) r.fail(field, 'non-canonical zero')
  if (m !== 0n && m % 10n === 0n) r.fail(field, 'non-canonical mantissa (multiple of 10)')
  const value = m * POW10[e]
  if (value > MAX_U256) r.fail(field, 'value exceeds uint256')
  return value
}

function writeLeb(w: ByteWriter, value: bigint, field: string): void {
  if (value <= 0xffff_ffffn) {
    let n = Number(value)
    while (n > 0x7f) {
      w.u8((n & 0x7f) | 0x80, field)
      n = Math.floor(n / 128)
    }
    w.u8(n, field)
    return
  }
  let v = value
  while (v > 0x7fn) {
    w.u8(Number(v & 0x7fn) | 0x80, field)
    v >>= 7n
  }
  w.u8(Number(v), field)
}

function readLeb(r: ByteReader, field: string): bigint {
  // Small values accumulate as numbers; past 4 groups (28 bits) switch to bigint.
  let small = 0
  let scale = 1
  for (let i = 0; i < 4; i++) {
    const byte = r.u8(field)
    small += (byte & 0x7f) * scale
    if (byte < 0x80) {
      if (byte === 0 && i > 0) r.fail(field, 'non-canonical varint (trailing zero group)')
      return BigInt(small)
    }
    scale *= 128
  }
  let value = BigInt(small)
  let shift = 28n
  for (let i = 4; i < MAX_LEB_BYTES; i++) {
    const byte = r.u8(field)
    value |= BigInt(byte & 0x7f) << shift
    if (byte < 0x80) {
      if (byte === 0) r.fail(field, 'non-canonical varint (trailing zero group)')
      return value
    }
    shift += 7n
  }
  r.fail(field, `varint longer than ${MAX_LEB_BYTES} bytes`)
}
