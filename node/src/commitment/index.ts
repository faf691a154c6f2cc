// The Merkle commitment of RAM state: an in-memory Merkle Patricia Trie whose
// roots and proofs match Ethereum's (and @ethereumjs/mpt's), and the state
// commitment built from it (account trie + one storage trie per account).
export type { AccountFields } from './accountCodec.ts'
export { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from './constants.ts'
export { createKeccak, type Keccak } from './createKeccak.ts'
export { createMerkleTrie, type MerkleTrie, type MerkleTrieOptions } from './createMerkleTrie.ts'
export { createStateCommitment, type StateCommitment } from './createStateCommitment.ts'
export { InvalidStateInputError, OrphanStorageError } from './errors.ts'
export { storageCodec } from './storageCodec.ts'
export { bytesCodec, type ValueCodec } from './ValueCodec.ts'
