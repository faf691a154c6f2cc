import fc from 'fast-check'
import { expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../errors/index.ts'
import type { Witness } from '../types/index.ts'
import { decodeWitness, encodeWitness, MAX_WITNESS_NODE_BYTES } from './witness.ts'

const sample: Witness = {
  blockNumber: 42n,
  parentStateRoot: new Uint8Array(32).fill(7),
  accounts: [
    { address: new Uint8Array(20).fill(1), slots: [new Uint8Array(32).fill(2), new Uint8Array(32)] },
    { address: new Uint8Array(20).fill(3), slots: [] },
  ],
  nodes: [Uint8Array.of(0xc2, 0x80, 0x80), new Uint8Array(MAX_WITNESS_NODE_BYTES).fill(0xf9)],
  codes: [Uint8Array.of(0x60, 0x00)],
}

test('round-trips a witness', () => {
  expect(decodeWitness(encodeWitness(sample))).toStrictEqual(sample)
})

test('rejects truncation, trailing bytes and other versions', () => {
  const bytes = encodeWitness(sample)
  expect(() => decodeWitness(bytes.subarray(0, bytes.length - 1))).toThrow(DecodeError)
  expect(() => decodeWitness(Uint8Array.of(...bytes, 0))).toThrow(/trailing/)
  expect(() => decodeWitness(Uint8Array.of(2, ...bytes.subarray(1)))).toThrow(UnsupportedVersionError)
})

test('rejects counts that cannot fit before allocating', () => {
  // version, blockNumber 0, root, then an account count of 2^40.
  const bytes = Uint8Array.of(1, 0, ...new Uint8Array(32), 0x80, 0x80, 0x80, 0x80, 0x80, 0x20)
  expect(() => decodeWitness(bytes)).toThrow(/cannot fit/)
})

test('rejects oversized and empty nodes on both sides', () => {
  const big = { ...sample, nodes: [new Uint8Array(MAX_WITNESS_NODE_BYTES + 1)] }
  expect(() => encodeWitness(big)).toThrow(/node/)
  const empty = encodeWitness({ ...sample, nodes: [], codes: [] })
  // Replace the node count 0 by 1 followed by a zero-length node.
  const forged = Uint8Array.of(...empty.subarray(0, empty.length - 2), 1, 0, 0)
  expect(() => decodeWitness(forged)).toThrow(/0 bytes, expected 1\.\./)
})

const witnessArbitrary = fc.record({
  blockNumber: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  parentStateRoot: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  accounts: fc.array(
    fc.record({
      address: fc.uint8Array({ minLength: 20, maxLength: 20 }),
      slots: fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 4 }),
    }),
    { maxLength: 4 },
  ),
  nodes: fc.array(fc.uint8Array({ minLength: 1, maxLength: MAX_WITNESS_NODE_BYTES }), { maxLength: 4 }),
  codes: fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 3 }),
})

test('decode(encode(w)) = w, and any byte string decodes or throws a typed error', () => {
  fc.assert(
    fc.property(witnessArbitrary, (w) => {
      expect(decodeWitness(encodeWitness(w))).toEqual(w)
    }),
  )
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        decodeWitness(Uint8Array.of(1, ...bytes))
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError)
      }
    }),
  )
})
