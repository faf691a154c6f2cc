import { ErrorCode, RtevmError } from '../errors/index.ts'
import type { AccountView } from './stateReader.ts'

/** One storage slot's EIP-1186 proof. */
export type StorageProof = {
  /** The raw 32-byte slot, as requested. */
  slot: Uint8Array
  /** Its value; zero for an absent slot. */
  value: bigint
  /** Storage trie nodes, root first; an exclusion proof when the slot is absent. */
  proof: Uint8Array[]
}

/**
 * An EIP-1186 (`eth_getProof`) account proof. Field names map as:
 * storageRoot = storageHash, storageProofs = storageProof. An absent account
 * has zero nonce and balance, the empty code hash and the empty root.
 */
export type AccountProof = AccountView & {
  address: Uint8Array
  storageRoot: Uint8Array
  /** Account trie nodes, root first; an exclusion proof when the account is absent. */
  accountProof: Uint8Array[]
  storageProofs: StorageProof[]
}

/** Proofs against the newest block whose state root is known (mini-blocks carry none). */
export type Prover = {
  /**
   * Proves against the newest sealed block, or against sealed block `blockNumber` when given
   * (within the history window; NOT_FOUND beyond it).
   */
  prove(
    address: Uint8Array,
    slots: Uint8Array[],
    blockNumber?: bigint,
  ): { blockNumber: bigint; proof: AccountProof }
}

/** A `Prover` answering from `proofOf`, at block `blockNumber`; no trie behind it. */
export function createMemoryProver(
  blockNumber: bigint,
  proofOf: (address: Uint8Array, slots: Uint8Array[]) => AccountProof,
): Prover {
  return {
    prove(address, slots, at) {
      if (at !== undefined && at !== blockNumber) {
        throw new RtevmError(
          ErrorCode.NotFound,
          `this prover answers for block ${blockNumber} only, not ${at}`,
        )
      }
      return { blockNumber, proof: proofOf(address, slots) }
    },
  }
}
