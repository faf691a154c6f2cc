import { keccak_256 } from '@noble/hashes/sha3.js'
import type { Attestation, UnsignedAttestation } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import { ByteWriter } from './ByteWriter.ts'
import { decodeVersioned, encodeVersioned, FORMAT_V1 } from './versioned.ts'

const WHAT = 'attestation'
const OK = 1

/**
 * Encodes a signed attestation, v1: `[version] u64:blockNumber h32:blockHash
 * h32:stateRoot h32:receiptsRoot u8:ok addr:verifier h65:signature`.
 */
export function encodeAttestation(attestation: Attestation): Uint8Array {
  return encodeVersioned(WHAT, attestation, writeAttestation, 200)
}

/** Decodes `encodeAttestation` output; throws `DecodeError` (signatures are checked by the caller). */
export function decodeAttestation(bytes: Uint8Array): Attestation {
  return decodeVersioned(bytes, WHAT, readAttestation)
}

/**
 * What a verifier signs: keccak256 of the attestation's encoding without the
 * signature (version byte included, so a new version cannot replay an old
 * signature).
 */
export function attestationDigest(attestation: UnsignedAttestation): Uint8Array {
  const w = new ByteWriter(WHAT, 140)
  w.u8(FORMAT_V1, 'version')
  writeUnsigned(w, attestation)
  return keccak_256(w.finish())
}

function writeUnsigned(w: ByteWriter, a: UnsignedAttestation): void {
  w.u64(a.blockNumber, 'blockNumber')
  w.fixed(a.blockHash, 32, 'blockHash')
  w.fixed(a.stateRoot, 32, 'stateRoot')
  w.fixed(a.receiptsRoot, 32, 'receiptsRoot')
  w.u8(a.ok ? OK : 0, 'ok')
  w.fixed(a.verifier, 20, 'verifier')
}

/** Writes an attestation body (no version byte). */
export function writeAttestation(w: ByteWriter, a: Attestation): void {
  writeUnsigned(w, a)
  if (a.signature.length === 65 && a.signature[64] > 1) w.fail('signature', 'recovery id must be 0 or 1')
  w.fixed(a.signature, 65, 'signature')
}

/** Reads an attestation body (no version byte). */
export function readAttestation(r: ByteReader): Attestation {
  const blockNumber = r.u64('blockNumber')
  const blockHash = r.fixed(32, 'blockHash')
  const stateRoot = r.fixed(32, 'stateRoot')
  const receiptsRoot = r.fixed(32, 'receiptsRoot')
  const ok = r.flags(OK, 'ok') === OK
  const verifier = r.fixed(20, 'verifier')
  const signature = r.fixed(65, 'signature')
  if (signature[64] > 1) r.fail('signature', `recovery id ${signature[64]}, expected 0 or 1`)
  return { blockNumber, blockHash, stateRoot, receiptsRoot, ok, verifier, signature }
}
