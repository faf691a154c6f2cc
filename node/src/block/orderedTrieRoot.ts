import { createOrderedTrie } from './createOrderedTrie.ts'

/** Root of the trie mapping rlp(index) → item: Ethereum's transactions and receipts roots. */
export function orderedTrieRoot(items: readonly Uint8Array[]): Uint8Array {
  const trie = createOrderedTrie()
  for (const item of items) trie.push(item)
  return trie.root()
}
