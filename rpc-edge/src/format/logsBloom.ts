import type { Log } from '@rtevm/protocol'
import { keccak256 } from 'viem'

/** The 2048-bit bloom of a set of logs (yellow paper §4.3.1): 3 bits per address and topic. */
export function logsBloom(logs: readonly Log[]): Uint8Array {
  const bloom = new Uint8Array(256)
  const add = (item: Uint8Array) => {
    const h = keccak256(item, 'bytes')
    for (let i = 0; i < 6; i += 2) {
      const bit = ((h[i] << 8) | h[i + 1]) & 2047
      bloom[255 - (bit >> 3)] |= 1 << (bit & 7)
    }
  }
  for (const log of logs) {
    add(log.address)
    for (const topic of log.topics) add(topic)
  }
  return bloom
}
