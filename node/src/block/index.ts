// Chain pieces below every role: building a block from its mini-blocks, applying
// a diff to the RAM state or to the commitment, receipts, blooms and trie roots.
export { applyStateDiff } from './applyStateDiff.ts'
export { commitDiffTo } from './commitDiffTo.ts'
export {
  EMPTY_REQUESTS_HASH,
  EMPTY_TRIE_ROOT,
  EMPTY_UNCLE_HASH,
  ZERO_ADDRESS,
  ZERO_HASH,
} from './constants.ts'
export { type BlockBuilder, type CommitDiff, createBlockBuilder } from './createBlockBuilder.ts'
export { createDiffAccumulator, type DiffAccumulator } from './createDiffAccumulator.ts'
export { encodeReceipt, transactionType } from './encodeReceipt.ts'
export { BlockErrorCode, ReplicaMismatchError } from './errors.ts'
export { orderedTrieRoot } from './orderedTrieRoot.ts'
