// Sender recovery from raw signed transactions, in plain JavaScript so the same
// code runs inline and inside worker threads (which load .mjs without a TS loader).
import { RLP } from '@ethereumjs/rlp'
import { keccak_256 } from '@noble/hashes/sha3.js'
import secp256k1 from 'secp256k1'

// secp256k1's group order n, halved: EIP-2 rejects signatures with a larger s (malleability).
const HALF_CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n / 2n

/** Bytes `recoverInto` writes per transaction. */
export const RECOVERED_SIZE = 116

/**
 * Recovers the signer of one raw transaction (legacy, EIP-2930, EIP-1559 or EIP-7702).
 * Writes keccak256(raw) at out[0..32], the 64-byte public key at
 * out[32..96] and the sender address at out[96..116]; returns undefined, or
 * a message saying why recovery failed.
 * @param {Uint8Array} raw
 * @param {Uint8Array} out RECOVERED_SIZE bytes
 * @returns {string | undefined}
 */
export function recoverInto(raw, out) {
  let fields
  let message
  let recovery
  try {
    if (raw[0] >= 0xc0) {
      fields = RLP.decode(raw)
      if (!Array.isArray(fields) || fields.length !== 9) return 'legacy transaction must have 9 fields'
      const v = toBigInt(fields[6])
      if (v === 27n || v === 28n) {
        message = RLP.encode(fields.slice(0, 6))
        recovery = Number(v - 27n)
      } else {
        const chainId = (v - 35n) / 2n
        recovery = Number(v - 35n - chainId * 2n)
        message = RLP.encode([
          ...fields.slice(0, 6),
          bigIntBytes(chainId),
          new Uint8Array(0),
          new Uint8Array(0),
        ])
      }
    } else {
      const type = raw[0]
      // Field counts with the signature's three: EIP-2930, EIP-1559, EIP-7702 (adds the authorization list).
      const expected = type === 1 ? 11 : type === 2 ? 12 : type === 4 ? 13 : 0
      if (expected === 0) return `unsupported transaction type ${type}`
      fields = RLP.decode(raw.subarray(1))
      if (!Array.isArray(fields) || fields.length !== expected)
        return `type ${type} transaction must have ${expected} fields`
      const unsigned = RLP.encode(fields.slice(0, expected - 3))
      message = new Uint8Array(unsigned.length + 1)
      message[0] = type
      message.set(unsigned, 1)
      recovery = Number(toBigInt(fields[expected - 3]))
    }
  } catch (error) {
    return `undecodable transaction: ${error instanceof Error ? error.message : String(error)}`
  }
  if (recovery !== 0 && recovery !== 1) return 'bad signature recovery value'
  const r = fields[fields.length - 2]
  const s = fields[fields.length - 1]
  if (!(r instanceof Uint8Array) || !(s instanceof Uint8Array) || r.length > 32 || s.length > 32) {
    return 'signature r and s must be at most 32 bytes'
  }
  if (toBigInt(s) > HALF_CURVE_ORDER) return 'signature s value is too high (EIP-2 requires s ≤ n/2)'
  const signature = new Uint8Array(64)
  signature.set(r, 32 - r.length)
  signature.set(s, 64 - s.length)
  try {
    const publicKey = secp256k1.ecdsaRecover(signature, recovery, keccak_256(message), false)
    const unprefixed = publicKey.subarray(1)
    out.set(keccak_256(raw), 0)
    out.set(unprefixed, 32)
    out.set(keccak_256(unprefixed).subarray(12), 96)
    return undefined
  } catch {
    return 'the signature does not recover to a public key'
  }
}

/** @param {unknown} bytes */
function toBigInt(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return 0n
  let value = 0n
  for (const byte of bytes) value = (value << 8n) | BigInt(byte)
  return value
}

/** @param {bigint} value */
function bigIntBytes(value) {
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16))
}
