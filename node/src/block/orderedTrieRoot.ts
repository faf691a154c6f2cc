import { encodeRlp } from '@rtevm/protocol/rlp'
import { createMerkleTrie } from '../commitment/index.ts'
import { bigIntToBytes } from '../state/index.ts'

/** Root of the trie mapping rlp(index) → item: Ethereum's transactions and receipts roots. */
export function orderedTrieRoot(items: readonly Uint8Array[]): Uint8Array {
  const trie = createMerkleTrie()
  for (let i = 0; i < items.length; i++) trie.put(encodeRlp(bigIntToBytes(BigInt(i))), items[i])
  return trie.root()
}
