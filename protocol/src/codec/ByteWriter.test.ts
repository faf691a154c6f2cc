import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ByteReader } from './ByteReader.ts'
import { ByteWriter } from './ByteWriter.ts'
import { EncodeError } from './EncodeError.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const write = (f: (w: ByteWriter) => void) => {
  const w = new ByteWriter('test', 1)
  f(w)
  return hex(w.finish())
}
const U64_MAX = (1n << 64n) - 1n
const U256_MAX = (1n << 256n) - 1n

describe('ByteWriter', () => {
  test.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [300, 'ac02'],
    [16_384, '808001'],
    [2 ** 32, '8080808010'],
    [Number.MAX_SAFE_INTEGER, 'ffffffffffffff0f'],
  ])('varint %d → %s', (value, expected) => {
    expect(write((w) => w.varint(value, 'n'))).toBe(expected)
  })

  test.each([
    [0n, '00'],
    [300n, 'ac02'],
    [1n << 53n, '8080808080808010'],
    [1n << 63n, '80808080808080808001'],
    [U64_MAX, 'ffffffffffffffffff01'],
  ])('u64 %d → %s', (value, expected) => {
    expect(write((w) => w.u64(value, 'n'))).toBe(expected)
  })

  test.each([
    [0n, '00'],
    [1n, '0101'],
    [255n, '01ff'],
    [256n, '020100'],
    [(1n << 53n) - 1n, '071fffffffffffff'],
    [1n << 53n, '0720000000000000'],
    [10n ** 18n, '080de0b6b3a7640000'],
    [(1n << 96n) - 1n, `0c${'ff'.repeat(12)}`],
    [1n << 96n, `0d01${'00'.repeat(12)}`],
    [U256_MAX, `20${'ff'.repeat(32)}`],
  ])('uint256 %d → %s', (value, expected) => {
    expect(write((w) => w.uint256(value, 'n'))).toBe(expected)
  })

  test('grows its buffer as needed', () => {
    const w = new ByteWriter('test', 1)
    for (let i = 0; i < 1000; i++) w.fixed(new Uint8Array(32).fill(i & 0xff), 32, 'f')
    const out = w.finish()
    expect(out.length).toBe(32_000)
    expect(out[31_999]).toBe(999 & 0xff)
  })

  test.each<[string, (w: ByteWriter) => void]>([
    ['negative varint', (w) => w.varint(-1, 'n')],
    ['fractional varint', (w) => w.varint(1.5, 'n')],
    ['unsafe varint', (w) => w.varint(2 ** 53, 'n')],
    ['NaN varint', (w) => w.varint(Number.NaN, 'n')],
    ['negative u64', (w) => w.u64(-1n, 'n')],
    ['u64 overflow', (w) => w.u64(U64_MAX + 1n, 'n')],
    ['negative uint256', (w) => w.uint256(-1n, 'n')],
    ['uint256 overflow', (w) => w.uint256(U256_MAX + 1n, 'n')],
    ['short fixed field', (w) => w.fixed(new Uint8Array(19), 20, 'address')],
    ['long fixed field', (w) => w.fixed(new Uint8Array(33), 32, 'hash')],
    ['byte out of range', (w) => w.u8(256, 'b')],
  ])('rejects %s with EncodeError', (_name, f) => {
    expect(() => f(new ByteWriter('test'))).toThrow(EncodeError)
  })

  test('primitives round-trip through ByteReader', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.bigInt({ min: 0n, max: U64_MAX }),
        fc.bigInt({ min: 0n, max: U256_MAX }),
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ unit: 'binary' }),
        (n, q, big, bytes, text) => {
          const w = new ByteWriter('test', 4)
          w.varint(n, 'n')
          w.u64(q, 'q')
          w.uint256(big, 'big')
          w.bytes(bytes)
          w.string(text)
          const r = new ByteReader(w.finish(), 'test')
          expect(r.varint('n')).toBe(n)
          expect(r.u64('q')).toBe(q)
          expect(r.uint256('big')).toBe(big)
          expect(r.bytes('bytes')).toStrictEqual(bytes)
          expect(r.string('text')).toBe(text)
          r.end()
        },
      ),
      { numRuns: 1000 },
    )
  })
})
