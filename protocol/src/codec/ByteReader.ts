import { DecodeError } from '../errors/index.ts'
import { bytesToBigint } from './bigintBytes.ts'
import { plainBytes } from './plainBytes.ts'

const textDecoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Bounds-checked cursor over untrusted bytes, the mirror of `ByteWriter`.
 * Every failure is a `DecodeError` naming the field and offset. Encodings are
 * canonical: over-long varints and leading zero bytes are rejected, so a
 * value has exactly one encoding. Byte fields are returned as copies so a
 * decoded object never pins the frame it came from.
 */
export class ByteReader {
  private readonly buf: Uint8Array
  private pos = 0

  /** @param what Name of the payload being read, used in error messages. */
  constructor(
    bytes: Uint8Array,
    readonly what: string,
  ) {
    this.buf = plainBytes(bytes)
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.buf.length - this.pos
  }

  /** Throws a `DecodeError` for `field` at the current offset. */
  fail(field: string, problem: string): never {
    throw new DecodeError(this.what, { details: `${field} at offset ${this.pos}: ${problem}` })
  }

  private need(length: number, field: string): void {
    if (length > this.buf.length - this.pos) {
      this.fail(field, `truncated (need ${length} bytes, ${this.buf.length - this.pos} left)`)
    }
  }

  /** One byte. */
  u8(field: string): number {
    this.need(1, field)
    return this.buf[this.pos++]
  }

  /** A byte of flags; bits outside `allowed` are rejected so new flags cannot be silently dropped. */
  flags(allowed: number, field: string): number {
    const value = this.u8(field)
    if ((value & ~allowed) !== 0) {
      this.pos--
      this.fail(field, `unknown flag bits 0x${(value & ~allowed).toString(16)}`)
    }
    return value
  }

  /** A LEB128 non-negative safe integer (at most 8 bytes). */
  varint(field: string): number {
    const buf = this.buf
    const start = this.pos
    let byte = buf[start]
    if (byte === undefined) this.fail(field, 'truncated varint')
    if (byte < 0x80) {
      this.pos = start + 1
      return byte
    }
    let value = byte & 0x7f
    let scale = 128
    for (let i = start + 1; i < start + 8; i++) {
      byte = buf[i]
      if (byte === undefined) this.fail(field, 'truncated varint')
      value += (byte & 0x7f) * scale
      if (byte < 0x80) {
        if (byte === 0) this.fail(field, 'non-canonical varint (trailing zero group)')
        if (value > Number.MAX_SAFE_INTEGER) this.fail(field, 'varint exceeds 2^53 - 1')
        this.pos = i + 1
        return value
      }
      scale *= 128
    }
    this.fail(field, 'varint longer than 8 bytes')
  }

  /** A LEB128 uint64 (at most 10 bytes). */
  u64(field: string): bigint {
    const buf = this.buf
    const start = this.pos
    // Groups 0..6 (49 bits) and 7..9 (15 bits) accumulate exactly as numbers.
    let low = 0
    let high = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      const byte = buf[start + i]
      if (byte === undefined) this.fail(field, 'truncated varint')
      if (i === 7) scale = 1
      if (i < 7) low += (byte & 0x7f) * scale
      else high += (byte & 0x7f) * scale
      if (byte < 0x80) {
        if (byte === 0 && i > 0) this.fail(field, 'non-canonical varint (trailing zero group)')
        if (i === 9 && byte > 1) this.fail(field, 'varint exceeds uint64')
        this.pos = start + i + 1
        return high === 0 ? BigInt(low) : (BigInt(high) << 49n) | BigInt(low)
      }
      scale *= 128
    }
    this.fail(field, 'varint longer than 10 bytes')
  }

  /** A uint256 as a length byte (0..32) plus minimal big-endian bytes. */
  uint256(field: string): bigint {
    const length = this.u8(field)
    if (length > 32) this.fail(field, `quantity of ${length} bytes exceeds 32`)
    if (length === 0) return 0n
    this.need(length, field)
    if (this.buf[this.pos] === 0) this.fail(field, 'non-canonical quantity (leading zero byte)')
    const value = bytesToBigint(this.buf, this.pos, this.pos + length)
    this.pos += length
    return value
  }

  /** Exactly `length` bytes, copied. */
  fixed(length: number, field: string): Uint8Array {
    this.need(length, field)
    const out = this.buf.slice(this.pos, this.pos + length)
    this.pos += length
    return out
  }

  /** Length-prefixed bytes, copied. The length is checked against what is left before anything is allocated. */
  bytes(field: string): Uint8Array {
    const length = this.varint(field)
    this.need(length, field)
    const out = this.buf.slice(this.pos, this.pos + length)
    this.pos += length
    return out
  }

  /** Length-prefixed bytes as a view into the input, for data that is parsed further and then dropped. */
  bytesView(field: string): Uint8Array {
    const length = this.varint(field)
    this.need(length, field)
    const out = this.buf.subarray(this.pos, this.pos + length)
    this.pos += length
    return out
  }

  /** Length-prefixed UTF-8; invalid UTF-8 is a decode error. */
  string(field: string): string {
    const view = this.bytesView(field)
    try {
      return textDecoder.decode(view)
    } catch (cause) {
      throw new DecodeError(this.what, { details: `${field}: invalid UTF-8`, cause })
    }
  }

  /** An item count, rejected when even `minItemBytes` per item could not fit in what is left. */
  count(minItemBytes: number, field: string): number {
    const count = this.varint(field)
    if (count * minItemBytes > this.buf.length - this.pos) {
      this.fail(field, `${count} items cannot fit in ${this.buf.length - this.pos} bytes`)
    }
    return count
  }

  /** Asserts the input is fully consumed: trailing bytes are an error, not padding. */
  end(): void {
    if (this.pos !== this.buf.length) this.fail('end', `${this.buf.length - this.pos} trailing bytes`)
  }
}
