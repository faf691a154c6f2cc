export {
  EMPTY_REQUESTS_HASH,
  EMPTY_TRIE_ROOT,
  EMPTY_UNCLE_HASH,
  ZERO_ADDRESS,
  ZERO_HASH,
} from './constants.ts'
export { createDiffAccumulator, type DiffAccumulator } from './createDiffAccumulator.ts'
export { encodeReceipt, transactionType } from './encodeReceipt.ts'
export { logsBloom, orBloom } from './logsBloom.ts'
export { orderedTrieRoot } from './orderedTrieRoot.ts'
