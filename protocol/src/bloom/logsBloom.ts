import { keccak_256 } from '@noble/hashes/sha3.js'
import type { Log } from '../types/index.ts'

/** A keccak-256 of `bytes`; the result may be a reused buffer, read before the next call. */
export type Keccak256 = (bytes: Uint8Array) => Uint8Array

/**
 * The 2048-bit Ethereum log bloom of `logs` (yellow paper §4.3.1: three bits
 * per address and topic), OR-ed into `into` when given. `keccak` defaults to
 * @noble/hashes; a node hashing many receipts passes a faster one.
 */
export function logsBloom(
  logs: readonly Log[],
  into: Uint8Array = new Uint8Array(256),
  keccak: Keccak256 = keccak_256,
): Uint8Array {
  for (const log of logs) {
    addToBloom(into, keccak(log.address))
    for (const topic of log.topics) addToBloom(into, keccak(topic))
  }
  return into
}

function addToBloom(bloom: Uint8Array, hash: Uint8Array) {
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i] << 8) | hash[i + 1]) & 2047
    bloom[255 - (bit >> 3)] |= 1 << (bit & 7)
  }
}

/** ORs `bloom` into `into`. */
export function orBloom(into: Uint8Array, bloom: Uint8Array): void {
  for (let i = 0; i < 256; i++) into[i] |= bloom[i]
}
