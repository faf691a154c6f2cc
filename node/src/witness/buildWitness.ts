import type { StateDiff, Witness } from '@rtevm/protocol'
import { createProofCollector } from './createProofCollector.ts'
import type { TouchedKeys } from './recordAccess.ts'
import type { WitnessSource } from './WitnessSource.ts'

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
