// Block witnesses: which keys a block touched, their proofs against the
// parent root in one node set, and the partial tries a stateless verifier
// reads and updates from them.
export { buildWitness } from './buildWitness.ts'
export {
  type BlockWitnesses,
  type BlockWitnessesOptions,
  createBlockWitnesses,
} from './createBlockWitnesses.ts'
export { createPartialTrie, type NodeResolver, type PartialTrie } from './createPartialTrie.ts'
export { createProofCollector, type ProofCollector } from './createProofCollector.ts'
export { createWitnessTries, type ProvenAccount, type WitnessTries } from './createWitnessTries.ts'
export {
  WitnessErrorCode,
  WitnessInvalidError,
  WitnessMissingKeyError,
  WitnessMissingNodeError,
} from './errors.ts'
export { hashKey } from './hashKey.ts'
export { type DecodedNode, decodeNode, hashedChildren } from './partialTrieNode.ts'
export { type AccessRecorder, recordAccess, type TouchedKeys } from './recordAccess.ts'
export type { WitnessSource } from './WitnessSource.ts'
