import { keccak_256 } from '@noble/hashes/sha3.js'
import { expect, test } from 'vitest'
import { DecodeError } from '../errors/index.ts'
import type { Attestation } from '../types/index.ts'
import { attestationDigest, decodeAttestation, encodeAttestation } from './attestation.ts'

const sample: Attestation = {
  blockNumber: 9n,
  blockHash: new Uint8Array(32).fill(1),
  stateRoot: new Uint8Array(32).fill(2),
  receiptsRoot: new Uint8Array(32).fill(3),
  ok: true,
  verifier: new Uint8Array(20).fill(4),
  signature: Uint8Array.of(...new Uint8Array(64).fill(5), 1),
}

test('round-trips an attestation', () => {
  expect(decodeAttestation(encodeAttestation(sample))).toStrictEqual(sample)
  expect(decodeAttestation(encodeAttestation({ ...sample, ok: false })).ok).toBe(false)
})

test('the digest covers every field but the signature', () => {
  const encoded = encodeAttestation(sample)
  expect(attestationDigest(sample)).toStrictEqual(keccak_256(encoded.subarray(0, encoded.length - 65)))
  const resigned: Attestation = { ...sample, signature: new Uint8Array(65) }
  expect(attestationDigest(resigned)).toStrictEqual(attestationDigest(sample))
  expect(attestationDigest({ ...sample, ok: false })).not.toStrictEqual(attestationDigest(sample))
})

test('rejects an unknown ok value and a bad recovery id', () => {
  const encoded = encodeAttestation(sample)
  const okAt = encoded.length - 65 - 20 - 1
  const badOk = encoded.slice()
  badOk[okAt] = 2
  expect(() => decodeAttestation(badOk)).toThrow(DecodeError)
  const badV = encoded.slice()
  badV[badV.length - 1] = 27
  expect(() => decodeAttestation(badV)).toThrow(/recovery id/)
})
