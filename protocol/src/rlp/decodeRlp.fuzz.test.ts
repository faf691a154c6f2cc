import fc from 'fast-check'
import { bytesToHex, fromRlp, toRlp } from 'viem'
import { expect, test } from 'vitest'
import { DecodeError } from '../errors/index.ts'
import { decodeRlp } from './decodeRlp.ts'
import { encodeRlp, type RlpItem } from './encodeRlp.ts'

type HexItem = `0x${string}` | HexItem[]

const { item } = fc.letrec<{ item: RlpItem }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 70 }),
    fc.array(tie('item'), { maxLength: 5 }),
  ),
}))

const toHexItem = (value: RlpItem): HexItem =>
  value instanceof Uint8Array ? bytesToHex(value) : value.map(toHexItem)

test('encodeRlp agrees with viem', () => {
  fc.assert(
    fc.property(item, (value) => {
      expect(bytesToHex(encodeRlp(value))).toBe(toRlp(toHexItem(value)))
    }),
    { numRuns: 500 },
  )
})

test('decodeRlp(encodeRlp(x)) equals x', () => {
  fc.assert(
    fc.property(item, (value) => {
      expect(decodeRlp(encodeRlp(value))).toStrictEqual(value)
    }),
    { numRuns: 500 },
  )
})

test('whatever decodeRlp accepts re-encodes to the same bytes and viem reads the same', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      let decoded: RlpItem
      try {
        decoded = decodeRlp(bytes)
      } catch (error) {
        if (error instanceof DecodeError) return
        throw error
      }
      expect(encodeRlp(decoded)).toStrictEqual(bytes)
      expect(fromRlp(bytesToHex(bytes), 'hex')).toStrictEqual(toHexItem(decoded))
    }),
    { numRuns: 5000 },
  )
})

test('valid encodings survive decoding from inside a larger buffer', () => {
  fc.assert(
    fc.property(item, fc.uint8Array({ maxLength: 8 }), (value, padding) => {
      const encoded = encodeRlp(value)
      const framed = new Uint8Array(padding.length + encoded.length)
      framed.set(padding)
      framed.set(encoded, padding.length)
      expect(decodeRlp(framed.subarray(padding.length))).toStrictEqual(value)
    }),
  )
})
