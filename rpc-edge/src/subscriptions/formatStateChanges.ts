import type { AccountDiff, MiniBlock } from '@rtevm/protocol'
import { addressHex, dataHex, quantityHex } from '../format/index.ts'
import type { StateChangesFilter } from './stateChangesKind.ts'

/**
 * `stateChanges` notifications of one mini-block. MegaETH's form (a watched
 * address list): one notification per changed watched account, `{ address,
 * nonce, balance, storage: { slot: value } }` with `nonce` a JSON number and
 * `balance` and slot values hex quantities, slots as 32-byte hex. MegaETH does
 * not document a deleted (self-destructed) account: it is sent with its
 * zeroed nonce and balance. rtevm's `diff` form: the whole diff in one.
 */
export function formatStateChanges(mb: MiniBlock, filter: StateChangesFilter): unknown[] {
  if (filter.kind === 'diff') return [formatDiff(mb)]
  const out: unknown[] = []
  for (const account of mb.stateDiff.accounts) {
    const address = addressHex(account.address)
    if (filter.addresses.has(address)) out.push(formatAccount(address, account))
  }
  return out
}

function formatAccount(address: `0x${string}`, account: AccountDiff) {
  const storage: Record<string, string> = {}
  for (const { slot, value } of account.storage) storage[dataHex(slot)] = quantityHex(value)
  return { address, nonce: Number(account.nonce), balance: quantityHex(account.balance), storage }
}

/** rtevm's whole-diff payload, in hex. */
function formatDiff(mb: MiniBlock) {
  return {
    miniBlock: quantityHex(mb.number),
    accounts: mb.stateDiff.accounts.map((a) => ({
      address: addressHex(a.address),
      deleted: a.deleted,
      storageCleared: a.storageCleared,
      nonce: quantityHex(a.nonce),
      balance: quantityHex(a.balance),
      codeHash: dataHex(a.codeHash),
      ...(a.code ? { code: dataHex(a.code) } : {}),
      storage: a.storage.map((s) => ({ slot: dataHex(s.slot), value: quantityHex(s.value) })),
    })),
  }
}
