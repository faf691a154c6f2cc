import fc from 'fast-check'
import { expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../errors/index.ts'
import type { ChainGenesis } from '../types/index.ts'
import * as arb from './arbitraries.ts'
import { EncodeError } from './EncodeError.ts'
import { decodeGenesis, encodeGenesis } from './genesis.ts'

const sample = (): ChainGenesis =>
  fc.sample(
    arb.genesis.filter((g) => g.accounts.length >= 2 && g.accounts[0].storage.length >= 2),
    {
      numRuns: 1,
      seed: 7,
    },
  )[0]

test('round-trips a genesis with code and storage', () => {
  const genesis = sample()
  expect(decodeGenesis(encodeGenesis(genesis))).toStrictEqual(genesis)
})

test('rejects truncation, trailing bytes and other versions', () => {
  const bytes = encodeGenesis(sample())
  expect(() => decodeGenesis(bytes.subarray(0, bytes.length - 1))).toThrow(DecodeError)
  expect(() => decodeGenesis(Uint8Array.of(...bytes, 0))).toThrow(/trailing/)
  expect(() => decodeGenesis(Uint8Array.of(2, ...bytes.subarray(1)))).toThrow(UnsupportedVersionError)
})

test('the encoder refuses a non-canonical allocation', () => {
  const genesis = sample()
  const [a, b] = genesis.accounts
  expect(() => encodeGenesis({ ...genesis, accounts: [b, a] })).toThrow(EncodeError)
  expect(() => encodeGenesis({ ...genesis, accounts: [a, a] })).toThrow(/ascending/)
  const [s, t] = a.storage
  expect(() => encodeGenesis({ ...genesis, accounts: [{ ...a, storage: [t, s] }] })).toThrow(/ascending/)
  const zero = [{ slot: s.slot, value: 0n }]
  expect(() => encodeGenesis({ ...genesis, accounts: [{ ...a, storage: zero }] })).toThrow(/non-zero/)
})

test('the decoder refuses accounts out of order', () => {
  const genesis = sample()
  const [a, b] = genesis.accounts
  const none = encodeGenesis({ ...genesis, accounts: [] })
  const one = encodeGenesis({ ...genesis, accounts: [a] })
  const two = encodeGenesis({ ...genesis, accounts: [a, b] })
  // Same records, swapped: the prefix ends with the account count (2), then b before a.
  const prefix = two.subarray(0, none.length)
  const swapped = Uint8Array.of(...prefix, ...two.subarray(one.length), ...one.subarray(none.length))
  expect(() => decodeGenesis(swapped)).toThrow(/ascending/)
})
