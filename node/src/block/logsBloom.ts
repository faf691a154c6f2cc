import { keccak_256 } from '@noble/hashes/sha3.js'
import type { Log } from '@rtevm/protocol'

/** The 2048-bit Ethereum log bloom of `logs`, OR-ed into `into` when given. */
export function logsBloom(logs: readonly Log[], into: Uint8Array = new Uint8Array(256)): Uint8Array {
  for (const log of logs) {
    addToBloom(into, log.address)
    for (const topic of log.topics) addToBloom(into, topic)
  }
  return into
}

function addToBloom(bloom: Uint8Array, item: Uint8Array) {
  const hash = keccak_256(item)
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i] << 8) | hash[i + 1]) & 2047
    bloom[255 - (bit >> 3)] |= 1 << (bit & 7)
  }
}

/** ORs `bloom` into `into`. */
export function orBloom(into: Uint8Array, bloom: Uint8Array): void {
  for (let i = 0; i < 256; i++) into[i] |= bloom[i]
}
