import type { StateDiff } from '@rtevm/protocol'
import type { StateCommitment } from '../commitment/index.ts'

/** Returns a function that applies a (block-merged) diff to `commitment` and yields the new root. */
export function commitDiffTo(commitment: StateCommitment): (diff: StateDiff) => Uint8Array {
  return (diff) => {
    for (const account of diff.accounts) {
      if (account.deleted) {
        commitment.applyAccount(account.address, null)
        continue
      }
      if (account.storageCleared) commitment.clearStorage(account.address)
      for (const change of account.storage)
        commitment.applyStorage(account.address, change.slot, change.value)
      commitment.applyAccount(account.address, {
        nonce: account.nonce,
        balance: account.balance,
        codeHash: account.codeHash,
      })
    }
    return commitment.root()
  }
}
