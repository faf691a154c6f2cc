import type { StateDiff, Witness } from '@rtevm/protocol'
import type { StateCommitment } from '../commitment/index.ts'
import { createProofCollector } from './createProofCollector.ts'
import type { TouchedKeys } from './recordAccess.ts'

/** Where a witness comes from: the commitment still at the parent root, and the RAM state for code. */
export type WitnessSource = {
  /** The state commitment at the parent block's root: before the block's diff is applied. */
  commitment: StateCommitment
  /** Code by code hash. */
  code(codeHash: Uint8Array): Uint8Array | undefined
  /**
   * Slots an account holds after the block. Searched only when deleting a
   * slot collapses a branch onto a node no touched key's proof contains: a
   * slot under that node is proven to bring the node in.
   */
  slotsOf(address: Uint8Array): Iterable<Uint8Array>
  /** Accounts that exist after the block; the same search for deleted accounts. */
  addresses(): Iterable<Uint8Array>
}

/**
 * Builds block `blockNumber`'s witness in one go: EIP-1186 proofs against
 * the parent root for every touched account and slot, merged into one node
 * set, the sibling nodes `diff`'s deletions need, and the touched code (see
 * createProofCollector to spread the proving over the block interval).
 */
export function buildWitness(
  source: WitnessSource,
  blockNumber: bigint,
  touched: TouchedKeys,
  diff: StateDiff,
): Witness {
  const collector = createProofCollector(source)
  collector.add(touched)
  return collector.finish(blockNumber, diff)
}
