import fc from 'fast-check'
import { expect, test } from 'vitest'
import { DecodeError } from '../../errors/index.ts'
import * as arb from '../arbitraries.ts'
import { ByteReader } from '../ByteReader.ts'
import { ByteWriter } from '../ByteWriter.ts'
import { packedLength, packScaled, readScaled, writeScaled } from './scaledInt.ts'

const round = fc
  .tuple(fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }), fc.nat(60))
  .map(([m, e]) => m * 10n ** BigInt(e))
  .filter((v) => v < 1n << 256n)

test('scaled integers round-trip, have one encoding, and packedLength is the written length', () => {
  fc.assert(
    fc.property(fc.oneof(arb.u256, round, fc.bigInt({ min: 0n, max: 1n << 60n })), (value) => {
      const w = new ByteWriter('test')
      writeScaled(w, value, 'v')
      const bytes = w.finish()
      expect(bytes.length).toBe(packedLength(packScaled(value)))
      const r = new ByteReader(bytes, 'test')
      expect(readScaled(r, 'v')).toBe(value)
      r.end()
    }),
    { numRuns: 2000 },
  )
})

test('random bytes read as a scaled integer or fail with DecodeError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 45 }), (bytes) => {
      try {
        const value = readScaled(new ByteReader(bytes, 'test'), 'v')
        expect(value < 1n << 256n).toBe(true)
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError)
      }
    }),
  )
})
