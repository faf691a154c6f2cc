import { keccak_256 } from '@noble/hashes/sha3.js'
import type { GenesisAllocation } from '@rtevm/node'
import { hexFromBytes } from '@rtevm/node'
import secp256k1 from 'secp256k1'
import { createTxSigner, type TxSigner } from './createTxSigner.ts'

/** Deterministic funded senders for workloads: their signers and the genesis allocation that funds them. */
export type Senders = { signers: TxSigner[]; alloc: GenesisAllocation[] }

export function createSenders(count: number, balance = 10n ** 24n, seed = 1): Senders {
  const signers: TxSigner[] = []
  for (let i = 0; i < count; i++) {
    const key = keccak_256(new TextEncoder().encode(`rtevm sender ${seed} ${i}`))
    const publicKey = secp256k1.publicKeyCreate(key, false).subarray(1)
    const address = `0x${hexFromBytes(keccak_256(publicKey).subarray(12))}` as const
    signers.push(createTxSigner(`0x${hexFromBytes(key)}`, address))
  }
  return { signers, alloc: signers.map((s) => ({ address: s.address, balance })) }
}
