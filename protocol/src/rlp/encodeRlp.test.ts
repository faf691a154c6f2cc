import { describe, expect, test } from 'vitest'
import { bigintToBytes, numberByteLength, writeNumberBE } from '../codec/bigintBytes.ts'
import { DecodeError } from '../errors/index.ts'
import { decodeRlp } from './decodeRlp.ts'
import { encodeRlp, type RlpItem } from './encodeRlp.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'))
const text = (s: string) => new TextEncoder().encode(s)

// Vectors from the RLP definition in the Ethereum yellow paper and its wiki page.
const vectors: [string, RlpItem, string][] = [
  ['"dog"', text('dog'), '83646f67'],
  ['["cat", "dog"]', [text('cat'), text('dog')], 'c88363617483646f67'],
  ['empty string', new Uint8Array(0), '80'],
  ['empty list', [], 'c0'],
  ['integer 0', bigintToBytes(0n), '80'],
  ['byte 0x00', unhex('00'), '00'],
  ['byte 0x0f', unhex('0f'), '0f'],
  ['byte 0x7f', unhex('7f'), '7f'],
  ['byte 0x80', unhex('80'), '8180'],
  ['integer 15', bigintToBytes(15n), '0f'],
  ['integer 1024', bigintToBytes(1024n), '820400'],
  ['set of three', [[], [[]], [[], [[]]]], 'c7c0c1c0c3c0c1c0'],
  ['55-byte string', new Uint8Array(55).fill(0x61), `b7${'61'.repeat(55)}`],
  [
    '56-byte string',
    text('Lorem ipsum dolor sit amet, consectetur adipisicing elit'),
    `b838${hex(text('Lorem ipsum dolor sit amet, consectetur adipisicing elit'))}`,
  ],
  ['1024-byte string', new Uint8Array(1024).fill(1), `b90400${'01'.repeat(1024)}`],
  ['55-byte list payload', Array.from({ length: 55 }, () => unhex('01')), `f7${'01'.repeat(55)}`],
  ['56-byte list payload', Array.from({ length: 56 }, () => unhex('01')), `f838${'01'.repeat(56)}`],
]

describe('encodeRlp / decodeRlp', () => {
  test.each(vectors)('%s', (_name, item, expected) => {
    expect(hex(encodeRlp(item))).toBe(expected)
    expect(decodeRlp(unhex(expected))).toStrictEqual(item)
  })

  test('integer 2^256 - 1 is 32 bytes of 0xff', () => {
    expect(hex(encodeRlp(bigintToBytes((1n << 256n) - 1n)))).toBe(`a0${'ff'.repeat(32)}`)
  })
})

describe('decodeRlp rejects non-canonical and malformed input', () => {
  test.each([
    ['empty input', ''],
    ['single byte below 0x80 in a string header', '8100'],
    ['0x7f in a string header', '817f'],
    ['long form for a short string', `b801${'61'}`],
    ['long form for a 55-byte string', `b837${'61'.repeat(55)}`],
    ['leading zero in the length', `b90038${'61'.repeat(56)}`],
    ['long form for a short list', 'f80180'],
    ['truncated string', '83646f'],
    ['truncated length', 'b9'],
    ['truncated list', 'c3c0c0'],
    ['list item overrunning its list', 'c28300'],
    ['trailing bytes', '83646f6700'],
    ['two items', 'c0c0'],
  ])('%s', (_name, input) => {
    expect(() => decodeRlp(unhex(input))).toThrow(DecodeError)
  })

  test('nesting up to 32 lists decodes; deeper fails', () => {
    let item: RlpItem = []
    for (let i = 1; i < 32; i++) item = [item]
    expect(decodeRlp(encodeRlp(item))).toStrictEqual(item)
    expect(() => decodeRlp(encodeRlp([item]))).toThrow(/nesting deeper than 32/)
  })

  test('hostile nesting 100 000 deep fails with DecodeError, not a stack overflow', () => {
    expect(() => decodeRlp(nestedLists(100_000))).toThrow(DecodeError)
  })
})

/** Valid RLP of `depth` lists each holding the next, built without recursion. */
function nestedLists(depth: number): Uint8Array {
  const sizes = [1]
  for (let i = 1; i <= depth; i++) sizes.push(headerSize(sizes[i - 1]) + sizes[i - 1])
  const out = new Uint8Array(sizes[depth])
  let pos = 0
  for (let i = depth; i >= 1; i--) {
    const payload = sizes[i - 1]
    if (payload < 56) {
      out[pos++] = 0xc0 + payload
      continue
    }
    const lengthOfLength = numberByteLength(payload)
    out[pos++] = 0xf7 + lengthOfLength
    writeNumberBE(out, pos, lengthOfLength, payload)
    pos += lengthOfLength
  }
  out[pos] = 0xc0
  return out
}

function headerSize(payload: number): number {
  return payload < 56 ? 1 : 1 + numberByteLength(payload)
}
