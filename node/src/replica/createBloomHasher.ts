import type { Log } from '@rtevm/protocol'
import { logsBloom } from '@rtevm/protocol/bloom'
import { createKeccak } from '../commitment/index.ts'

/** Computes receipt blooms; protocol's `logsBloom`, hashed with the WASM keccak. */
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
  const hash = (item: Uint8Array) => {
    keccak.scratch(item.length).set(item)
    return keccak.digest(item.length)
  }
  return (logs) => logsBloom(logs, new Uint8Array(256), hash)
}
