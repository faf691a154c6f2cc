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
