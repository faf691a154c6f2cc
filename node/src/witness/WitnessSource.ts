import type { StateCommitment } from '../commitment/index.ts'

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
