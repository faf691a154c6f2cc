import fc from 'fast-check'
import { expect, test } from 'vitest'
import { DecodeError } from '../errors/index.ts'
import { block as blockArbitrary } from './arbitraries.ts'
import { decodeBlock, encodeBlock } from './block.ts'

const sample = fc.sample(blockArbitrary, { numRuns: 1, seed: 7 })[0]

test('round-trips a block and keeps its hash', () => {
  expect(decodeBlock(encodeBlock(sample))).toStrictEqual(sample)
})

test('rejects a block whose hash is not its header hash', () => {
  const hash = sample.hash.slice()
  hash[0] ^= 0xff
  expect(() => decodeBlock(encodeBlock({ ...sample, hash }))).toThrow(DecodeError)
})

test('rejects a block whose header changed after hashing', () => {
  const tampered = { ...sample, header: { ...sample.header, gasUsed: sample.header.gasUsed ^ 1n } }
  expect(() => decodeBlock(encodeBlock(tampered))).toThrow(/does not match keccak256 of the header/)
})
