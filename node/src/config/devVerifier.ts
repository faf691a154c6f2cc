import { keccak_256 } from '@noble/hashes/sha3.js'
import secp256k1 from 'secp256k1'
import { hexFromBytes } from '../state/index.ts'

/**
 * The devnet's verifier key: public, like the dev accounts' keys. `rtevm
 * verifier` signs with it unless given another, and the sequencer accepts its
 * attestations by default. Never use it on a chain of value.
 */
export const DEVNET_VERIFIER_KEY: `0x${string}` = `0x${hexFromBytes(
  keccak_256(new TextEncoder().encode('rtevm devnet verifier')),
)}`

export const DEVNET_VERIFIER_ADDRESS: `0x${string}` = `0x${hexFromBytes(
  keccak_256(
    secp256k1.publicKeyCreate(Buffer.from(DEVNET_VERIFIER_KEY.slice(2), 'hex'), false).subarray(1),
  ).slice(12),
)}`
