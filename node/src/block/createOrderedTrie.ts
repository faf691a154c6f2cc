import { encodeRlp } from '@rtevm/protocol/rlp'
import { createMerkleTrie, type Keccak } from '../commitment/index.ts'
import { bigIntToBytes } from '../state/index.ts'
import { EMPTY_TRIE_ROOT } from './constants.ts'

/**
 * A transactions or receipts trie (rlp(index) → item) built as items arrive, so a block's
 * roots cost little at its seal: `prepare()` hashes what was added since the last call (the
 * sequencer calls it while idle), and `root()` hashes only the rest.
 */
export type OrderedTrie = {
  push(item: Uint8Array): void
  /** Hashes the items pushed so far; the next `root()` re-hashes only later changes. */
  prepare(): void
  /** Ethereum's root of the items pushed, in order (the empty trie's root when none). */
  root(): Uint8Array
}

/** `keccak` may be shared with other tries that hash one at a time (not reentrant). */
export function createOrderedTrie(keccak?: Keccak): OrderedTrie {
  const trie = createMerkleTrie({ keccak })
  let count = 0
  return {
    push(item) {
      trie.put(encodeRlp(bigIntToBytes(BigInt(count++))), item)
    },
    prepare() {
      if (count > 0) trie.root()
    },
    root: () => (count > 0 ? trie.root() : EMPTY_TRIE_ROOT),
  }
}
