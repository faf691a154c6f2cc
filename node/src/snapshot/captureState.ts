import { EMPTY_CODE_HASH } from '../commitment/index.ts'
import { type AccountRecord, hexFromBytes, type RamState } from '../state/index.ts'
import { SnapshotStateBusyError } from './errors.ts'

/**
 * A frozen view of a RamState, safe to serialize across awaits while the
 * state keeps changing. Account records and storage values are immutable in
 * RamState (writers replace them), so sharing them is safe; what is copied is
 * the containers: the account list and each per-account storage map (those
 * maps are mutated in place). Code is content-addressed and never removed, so
 * it is looked up later, while encoding, through `code`.
 */
export type StateCapture = {
  accounts: [address: string, account: AccountRecord][]
  /** Per account with storage, its slots. */
  storage: [address: string, slots: [slot: string, value: Uint8Array][]][]
  /** Distinct non-empty code of the captured accounts, by hash (unprefixed hex); call after capture. */
  code(): [codeHash: string, code: Uint8Array][]
}

/**
 * Copies `state`'s containers in one synchronous pass: O(accounts + slots),
 * the only part of a snapshot that holds the event loop for long. Throws
 * SnapshotStateBusyError inside a checkpoint (the state would be mid-transaction).
 */
export function captureState(state: RamState): StateCapture {
  if (state.depth() > 0) throw new SnapshotStateBusyError(state.depth())
  const accounts = Array.from(state.accounts())
  const storage: StateCapture['storage'] = []
  for (const [address] of accounts) {
    const slots = state.storageOf(address)
    if (slots && slots.size > 0) storage.push([address, Array.from(slots)])
  }
  return { accounts, storage, code: () => collectCode(state, accounts) }
}

function collectCode(state: RamState, accounts: StateCapture['accounts']): [string, Uint8Array][] {
  const code = new Map<string, Uint8Array>()
  for (const [, account] of accounts) {
    if (isEmptyCode(account.codeHash)) continue
    const hash = hexFromBytes(account.codeHash)
    if (code.has(hash)) continue
    const bytes = state.getCode(account.codeHash)
    if (bytes) code.set(hash, bytes)
  }
  return Array.from(code)
}

function isEmptyCode(codeHash: Uint8Array): boolean {
  if (codeHash === EMPTY_CODE_HASH) return true
  for (let i = 0; i < 32; i++) if (codeHash[i] !== EMPTY_CODE_HASH[i]) return false
  return codeHash.length === 32
}
