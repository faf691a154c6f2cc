import type { StateDiff } from '../../types/index.ts'
import { bytesKey } from '../bytesKey.ts'
import type { PreAccount, PreStateLookup } from './PreStateLookup.ts'

/** One genesis account: where the stream's pre-state starts. */
export type GenesisAccount = PreAccount & { address: Uint8Array }

/**
 * A pre-state kept from the stream itself: the genesis accounts, then every
 * diff applied in stream order. The link's encoder and each follower's
 * decoder keep one, so a compact diff decodes the moment it arrives, however
 * far the follower's own state lags behind its socket. Holds the last value
 * of every key the stream touched: about one more copy of the live state.
 */
export type ShadowState = PreStateLookup & {
  apply(diff: StateDiff): void
  /** Accounts and slots held. */
  size(): { accounts: number; slots: number }
}

export function createShadowState(genesis: Iterable<GenesisAccount>): ShadowState {
  const accounts = new Map<string, PreAccount>()
  const storage = new Map<string, Map<string, bigint>>()
  let slots = 0
  for (const { address, nonce, balance, codeHash } of genesis)
    accounts.set(bytesKey(address), { nonce, balance, codeHash })

  function clearStorage(key: string) {
    slots -= storage.get(key)?.size ?? 0
    storage.delete(key)
  }

  return {
    account: (address) => accounts.get(bytesKey(address)),
    storage: (address, slot) => storage.get(bytesKey(address))?.get(bytesKey(slot)) ?? 0n,
    apply(diff) {
      for (const change of diff.accounts) {
        const key = bytesKey(change.address)
        if (change.deleted) {
          accounts.delete(key)
          clearStorage(key)
          continue
        }
        accounts.set(key, { nonce: change.nonce, balance: change.balance, codeHash: change.codeHash })
        if (change.storageCleared) clearStorage(key)
        if (change.storage.length === 0) continue
        let values = storage.get(key)
        if (!values) {
          values = new Map()
          storage.set(key, values)
        }
        for (const { slot, value } of change.storage) {
          const slotKey = bytesKey(slot)
          const had = values.has(slotKey)
          if (value === 0n) {
            if (had) slots--
            values.delete(slotKey)
          } else {
            if (!had) slots++
            values.set(slotKey, value)
          }
        }
      }
    },
    size: () => ({ accounts: accounts.size, slots }),
  }
}
