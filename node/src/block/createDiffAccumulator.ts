import type { AccountDiff, StateDiff } from '@rtevm/protocol'
import { bytesFromHex, hexFromBytes } from '../state/index.ts'

/**
 * Merges the diffs of a block's mini-blocks into one, so the commitment sees
 * each account and slot once per block however often it changed.
 */
export type DiffAccumulator = {
  add(diff: StateDiff): void
  /** The merged diff since the last take; resets the accumulator. */
  take(): StateDiff
  accountCount(): number
}

type Pending = { account: AccountDiff; storage: Map<string, bigint>; wiped: boolean }

export function createDiffAccumulator(): DiffAccumulator {
  let pending = new Map<string, Pending>()
  return {
    add(diff) {
      for (const account of diff.accounts) {
        const key = hexFromBytes(account.address)
        let entry = pending.get(key)
        if (!entry) {
          entry = { account, storage: new Map(), wiped: false }
          pending.set(key, entry)
        }
        if (account.deleted || account.storageCleared) {
          // Earlier slot changes are moot; the commitment must wipe the account's storage too.
          entry.wiped = true
          entry.storage.clear()
        }
        entry.account = { ...account, code: account.code ?? entry.account.code }
        for (const change of account.storage) entry.storage.set(hexFromBytes(change.slot), change.value)
      }
    },
    take() {
      const accounts: AccountDiff[] = []
      for (const { account, storage, wiped } of pending.values()) {
        accounts.push({
          ...account,
          storageCleared: wiped && !account.deleted,
          storage: account.deleted
            ? []
            : [...storage].map(([slot, value]) => ({ slot: bytesFromHex(slot), value })),
        })
      }
      pending = new Map()
      return { accounts }
    },
    accountCount: () => pending.size,
  }
}
