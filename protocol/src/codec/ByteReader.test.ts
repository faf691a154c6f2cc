import { describe, expect, test } from 'vitest'
import { DecodeError } from '../errors/index.ts'
import { ByteReader } from './ByteReader.ts'

const reader = (hex: string) => new ByteReader(new Uint8Array(Buffer.from(hex, 'hex')), 'test')

describe('ByteReader rejects malformed input with DecodeError', () => {
  test.each<[string, string, (r: ByteReader) => unknown]>([
    ['empty varint', '', (r) => r.varint('n')],
    ['truncated varint', '80', (r) => r.varint('n')],
    ['non-canonical varint', '8000', (r) => r.varint('n')],
    ['varint over 8 bytes', '808080808080808001', (r) => r.varint('n')],
    ['varint over 2^53 - 1', 'ffffffffffffff10', (r) => r.varint('n')],
    ['truncated u64', 'ffff', (r) => r.u64('n')],
    ['non-canonical u64', '8100', (r) => r.u64('n')],
    ['u64 over 2^64 - 1', 'ffffffffffffffffff02', (r) => r.u64('n')],
    ['u64 over 10 bytes', 'ffffffffffffffffff8101', (r) => r.u64('n')],
    ['uint256 over 32 bytes', `21${'ff'.repeat(33)}`, (r) => r.uint256('n')],
    ['uint256 with a leading zero', '020001', (r) => r.uint256('n')],
    ['truncated uint256', '03ffff', (r) => r.uint256('n')],
    ['truncated fixed field', 'ff'.repeat(19), (r) => r.fixed(20, 'address')],
    ['length beyond the input', '05ffff', (r) => r.bytes('data')],
    ['huge length', 'ffffffffffffff0f', (r) => r.bytes('data')],
    ['count that cannot fit', '0aff', (r) => r.count(1, 'items')],
    ['unknown flag bits', '09', (r) => r.flags(0x07, 'flags')],
    ['invalid UTF-8', '02c328', (r) => r.string('text')],
    ['trailing bytes', '0000', (r) => [r.u8('b'), r.end()]],
  ])('%s', (_name, hex, read) => {
    expect(() => read(reader(hex))).toThrow(DecodeError)
  })

  test('errors name the payload, the field and the offset', () => {
    const r = reader('01ff')
    r.u8('version')
    expect(() => r.fixed(20, 'account.address')).toThrow(
      expect.objectContaining({
        shortMessage: 'malformed test',
        details: 'account.address at offset 1: truncated (need 20 bytes, 1 left)',
      }),
    )
  })

  test('accepts the largest canonical values', () => {
    expect(reader('ffffffffffffff0f').varint('n')).toBe(Number.MAX_SAFE_INTEGER)
    expect(reader('ffffffffffffffffff01').u64('n')).toBe((1n << 64n) - 1n)
    expect(reader(`20${'ff'.repeat(32)}`).uint256('n')).toBe((1n << 256n) - 1n)
  })

  test('byte fields are copies that do not pin the input', () => {
    const input = new Uint8Array(Buffer.from('03aabbcc', 'hex'))
    const bytes = new ByteReader(input, 'test').bytes('data')
    expect(bytes.buffer).not.toBe(input.buffer)
    expect(bytes.byteLength).toBe(3)
    const fromBuffer = new ByteReader(Buffer.from('03aabbcc', 'hex'), 'test').bytes('data')
    expect(fromBuffer.constructor).toBe(Uint8Array)
    expect(fromBuffer.buffer.byteLength).toBe(3)
  })
})
