import { keccak_256 } from '@noble/hashes/sha3.js'
import type { DevCommand, LoadedAccount } from '@rtevm/protocol'
import { type AccountRecord, bigIntToBytes, hexFromBytes, type RamState } from '../state/index.ts'

export type StateEdit = Extract<DevCommand, { op: 'setBalance' | 'setNonce' | 'setCode' | 'setStorageAt' }>

const EMPTY_CODE_HASH = keccak_256(new Uint8Array(0))

export function isStateEdit(command: DevCommand): command is StateEdit {
  return (
    command.op === 'setBalance' ||
    command.op === 'setNonce' ||
    command.op === 'setCode' ||
    command.op === 'setStorageAt'
  )
}

/**
 * Applies one devnet state edit to `state`, between transactions, through
 * its journaled writers (so the edit lands in the next diff). An edit that
 * leaves an account empty (EIP-161: no nonce, balance, code or storage)
 * removes it, as execution would.
 */
export function applyStateEdit(state: RamState, edit: StateEdit): void {
  const address = hexFromBytes(edit.address)
  const existing = state.getAccount(address)
  let account: AccountRecord = existing ?? { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH }
  switch (edit.op) {
    case 'setBalance':
      account = { ...account, balance: edit.value }
      break
    case 'setNonce':
      account = { ...account, nonce: edit.value }
      break
    case 'setCode': {
      const codeHash = keccak_256(edit.code)
      if (edit.code.length > 0) state.putCode(codeHash, edit.code)
      account = { ...account, codeHash }
      break
    }
    case 'setStorageAt':
      state.putStorage(address, hexFromBytes(edit.slot), bigIntToBytes(edit.value))
      break
  }
  if (isEmpty(account) && !state.hasStorage(address)) {
    if (existing) state.putAccount(address, undefined)
  } else state.putAccount(address, account)
}

/**
 * Applies one account of a state load (`anvil_loadState`): nonce, balance and, when given, code
 * replace the account's; the given slots are written and the others kept. Empty accounts go.
 */
export function applyLoadedAccount(state: RamState, loaded: LoadedAccount): void {
  const address = hexFromBytes(loaded.address)
  const existing = state.getAccount(address)
  for (const { slot, value } of loaded.storage) {
    state.putStorage(address, hexFromBytes(slot), bigIntToBytes(value))
  }
  let codeHash = existing?.codeHash ?? EMPTY_CODE_HASH
  if (loaded.code) {
    codeHash = keccak_256(loaded.code)
    if (loaded.code.length > 0) state.putCode(codeHash, loaded.code)
  }
  const account: AccountRecord = { nonce: loaded.nonce, balance: loaded.balance, codeHash }
  if (isEmpty(account) && !state.hasStorage(address)) {
    if (existing) state.putAccount(address, undefined)
  } else state.putAccount(address, account)
}

function isEmpty(account: AccountRecord): boolean {
  return (
    account.nonce === 0n &&
    account.balance === 0n &&
    account.codeHash.every((byte, i) => byte === EMPTY_CODE_HASH[i])
  )
}
