import { bigintToBytes, numberByteLength, writeNumberBE } from './bigintBytes.ts'
import { EncodeError } from './EncodeError.ts'

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MAX_U64 = (1n << 64n) - 1n
const MAX_U96 = (1n << 96n) - 1n
const MAX_U256 = (1n << 256n) - 1n
const textEncoder = new TextEncoder()

/**
 * Append-only binary writer over a growable buffer. Numbers are unsigned
 * LEB128; 256-bit quantities are a length byte plus minimal big-endian bytes.
 * Every method validates its input so a bad value fails at the producer
 * instead of as an undecodable frame downstream.
 */
export class ByteWriter {
  private buf: Uint8Array
  private pos = 0

  /** @param what Name of the payload being written, used in error messages. */
  constructor(
    readonly what: string,
    initialCapacity = 256,
  ) {
    this.buf = new Uint8Array(initialCapacity)
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra
    if (needed <= this.buf.length) return
    const grown = new Uint8Array(Math.max(needed, this.buf.length * 2))
    grown.set(this.buf.subarray(0, this.pos))
    this.buf = grown
  }

  /** Throws an `EncodeError` for `field`. */
  fail(field: string, problem: string): never {
    throw new EncodeError(this.what, `${field}: ${problem}`)
  }

  /** One byte, 0..255. */
  u8(value: number, field: string): void {
    if (!(value >= 0 && value <= 0xff && Number.isInteger(value))) this.fail(field, `${value} is not a byte`)
    this.ensure(1)
    this.buf[this.pos++] = value
  }

  /** A non-negative safe integer as LEB128 (counts, lengths, indexes, ids). */
  varint(value: number, field: string): void {
    if (!(Number.isSafeInteger(value) && value >= 0))
      this.fail(field, `${value} is not a non-negative safe integer`)
    this.ensure(8)
    this.writeVarint(value)
  }

  private writeVarint(value: number): void {
    const buf = this.buf
    let pos = this.pos
    while (value > 0x7f) {
      buf[pos++] = (value & 0x7f) | 0x80
      value = Math.floor(value / 128)
    }
    buf[pos++] = value
    this.pos = pos
  }

  /** A 64-bit unsigned quantity as LEB128 (nonce, gas, numbers, timestamps). */
  u64(value: bigint, field: string): void {
    if (value < 0n || value > MAX_U64) this.fail(field, `${value} is outside uint64`)
    this.ensure(10)
    if (value <= MAX_SAFE) {
      this.writeVarint(Number(value))
      return
    }
    // Above 2^53: seven full groups from the low 49 bits, then the (non-zero) rest.
    let low = Number(BigInt.asUintN(49, value))
    const buf = this.buf
    for (let i = 0; i < 7; i++) {
      buf[this.pos++] = (low & 0x7f) | 0x80
      low = Math.floor(low / 128)
    }
    this.writeVarint(Number(value >> 49n))
  }

  /** A 256-bit unsigned quantity as a length byte (0..32) plus minimal big-endian bytes (balances, slot values). */
  uint256(value: bigint, field: string): void {
    if (value < 0n || value > MAX_U256) this.fail(field, `${value} is outside uint256`)
    if (value <= MAX_SAFE) {
      const n = Number(value)
      const length = numberByteLength(n)
      this.ensure(1 + length)
      this.buf[this.pos] = length
      writeNumberBE(this.buf, this.pos + 1, length, n)
      this.pos += 1 + length
      return
    }
    if (value <= MAX_U96) {
      // Most balances (up to ~7.9e28 wei) fit two exact 48-bit halves: no allocation.
      const high = Number(value >> 48n)
      const highLength = numberByteLength(high)
      this.ensure(7 + highLength)
      const at = this.pos
      this.buf[at] = highLength + 6
      writeNumberBE(this.buf, at + 1, highLength, high)
      writeNumberBE(this.buf, at + 1 + highLength, 6, Number(BigInt.asUintN(48, value)))
      this.pos = at + 7 + highLength
      return
    }
    const bytes = bigintToBytes(value)
    this.ensure(1 + bytes.length)
    this.buf[this.pos++] = bytes.length
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  /** Exactly `length` bytes with no prefix (addresses, hashes, slots). */
  fixed(bytes: Uint8Array, length: number, field: string): void {
    if (bytes.length !== length) this.fail(field, `expected ${length} bytes, got ${bytes.length}`)
    this.ensure(length)
    this.buf.set(bytes, this.pos)
    this.pos += length
  }

  /** Length-prefixed bytes. */
  bytes(bytes: Uint8Array): void {
    this.ensure(8 + bytes.length)
    this.writeVarint(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  /** Bytes with no prefix, for embedding an already-encoded payload. */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  /** Length-prefixed UTF-8. Lone surrogates become U+FFFD, as with any UTF-8 encoder. */
  string(value: string): void {
    this.bytes(textEncoder.encode(value))
  }

  /**
   * The bytes written. Returns a view when the buffer is mostly used, a
   * trimmed copy otherwise, so a long-lived frame never pins much slack.
   */
  finish(): Uint8Array {
    return this.pos * 2 >= this.buf.length ? this.buf.subarray(0, this.pos) : this.buf.slice(0, this.pos)
  }
}
