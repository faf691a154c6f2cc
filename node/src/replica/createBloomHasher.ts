import type { Log } from '@rtevm/protocol'
import { createKeccak } from '../commitment/index.ts'

/** Computes receipt blooms; the same bits as block/logsBloom, hashed with the WASM keccak. */
export type BloomHasher = (logs: readonly Log[]) => Uint8Array

/**
 * The stream carries no blooms, so a replica derives one per receipt: three
 * bits per address and topic. With @noble/hashes that keccak was over half of
 * the ERC-20 apply time; the commitment's WebAssembly keccak, written in
 * place, is several times faster.
 */
export function createBloomHasher(): BloomHasher {
  // Its own instance: the commitment hashes between mini-blocks, never during one.
  const keccak = createKeccak()

  function add(bloom: Uint8Array, item: Uint8Array) {
    keccak.scratch(item.length).set(item)
    const hash = keccak.digest(item.length)
    for (let i = 0; i < 6; i += 2) {
      const bit = ((hash[i] << 8) | hash[i + 1]) & 2047
      bloom[255 - (bit >> 3)] |= 1 << (bit & 7)
    }
  }

  return (logs) => {
    const bloom = new Uint8Array(256)
    for (const log of logs) {
      add(bloom, log.address)
      for (const topic of log.topics) add(bloom, topic)
    }
    return bloom
  }
}
