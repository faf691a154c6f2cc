import { createMPT } from '@ethereumjs/mpt'
import { RLP } from '@ethereumjs/rlp'
import { bigIntToUnpaddedBytes } from '@ethereumjs/util'
import { bytesFromHex } from '@rtevm/node'
import type { StateDump } from './createStateReplica.ts'

/**
 * Ethereum's state root of `state`, computed from scratch with EthereumJS's
 * own trie (not rtevm's commitment): a secure account trie of
 * rlp([nonce, balance, storageRoot, codeHash]), each storage root from a
 * fresh secure trie of rlp(value) per non-zero slot.
 */
export async function computeStateRoot(state: StateDump): Promise<Uint8Array> {
  const accountTrie = await createMPT({ useKeyHashing: true })
  for (const [address, account] of state.accounts) {
    const storageTrie = await createMPT({ useKeyHashing: true })
    for (const [slot, value] of account.storage) {
      if (value === 0n) throw new RangeError(`zero value stored at ${address}/${slot}`)
      await storageTrie.put(bytesFromHex(slot), RLP.encode(bigIntToUnpaddedBytes(value)))
    }
    const encoded = RLP.encode([
      bigIntToUnpaddedBytes(account.nonce),
      bigIntToUnpaddedBytes(account.balance),
      storageTrie.root(),
      account.codeHash,
    ])
    await accountTrie.put(bytesFromHex(address), encoded)
  }
  return accountTrie.root()
}
