import type { AccountFields, StateManagerInterface } from '@ethereumjs/common'
import { Account, type Address, KECCAK256_NULL, KECCAK256_RLP } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { RtevmError } from '@rtevm/protocol'
import { registerSyncStorage } from '../evmCompiler/index.ts'
import { hexFromBytes, type RamState } from '../state/index.ts'

// EthereumJS only asks whether an account has storage (CREATE collision check);
// the real storage root is the commitment's business, so any non-empty marker works.
const HAS_STORAGE_MARKER = new Uint8Array(32).fill(0xff)
const EMPTY = new Uint8Array(0)

/**
 * The one place where our RAM state meets EthereumJS's `StateManagerInterface`.
 * Reads and writes go straight to the flat maps; checkpoints map onto the
 * state's undo journal. State roots are not computed here (see commitment/).
 */
export function createRamStateManager(state: RamState): StateManagerInterface {
  // Storage values as they were when the current transaction started (EIP-2200
  // gas accounting); runTx clears it after every transaction.
  let originals = new Map<string, Uint8Array>()

  function accountOf(key: string): Account | undefined {
    const record = state.getAccount(key)
    if (!record) return undefined
    return new Account(
      record.nonce,
      record.balance,
      state.hasStorage(key) ? HAS_STORAGE_MARKER : KECCAK256_RLP,
      record.codeHash,
    )
  }

  function putStorage(account: string, slot: string, value: Uint8Array): void {
    const originalKey = account + slot
    if (!originals.has(originalKey)) originals.set(originalKey, state.getStorage(account, slot) ?? EMPTY)
    state.putStorage(account, slot, value)
  }

  function originalStorage(account: string, slot: string): Uint8Array {
    return originals.get(account + slot) ?? state.getStorage(account, slot) ?? EMPTY
  }

  const manager: StateManagerInterface = {
    async getAccount(address: Address) {
      return accountOf(hexFromBytes(address.bytes))
    },
    async putAccount(address: Address, account?: Account) {
      const key = hexFromBytes(address.bytes)
      if (account === undefined) {
        state.putAccount(key, undefined)
        return
      }
      state.putAccount(key, { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash })
    },
    async deleteAccount(address: Address) {
      const key = hexFromBytes(address.bytes)
      state.clearStorage(key)
      state.putAccount(key, undefined)
    },
    async modifyAccountFields(address: Address, fields: AccountFields) {
      const key = hexFromBytes(address.bytes)
      const current = state.getAccount(key)
      state.putAccount(key, {
        nonce: fields.nonce ?? current?.nonce ?? 0n,
        balance: fields.balance ?? current?.balance ?? 0n,
        codeHash: fields.codeHash ?? current?.codeHash ?? KECCAK256_NULL,
      })
    },
    async putCode(address: Address, code: Uint8Array) {
      const key = hexFromBytes(address.bytes)
      const codeHash = code.length === 0 ? KECCAK256_NULL : keccak_256(code)
      if (code.length > 0) state.putCode(codeHash, code)
      const current = state.getAccount(key)
      state.putAccount(key, { nonce: current?.nonce ?? 0n, balance: current?.balance ?? 0n, codeHash })
    },
    async getCode(address: Address) {
      const record = state.getAccount(hexFromBytes(address.bytes))
      if (!record) return EMPTY
      return state.getCode(record.codeHash) ?? EMPTY
    },
    async getCodeSize(address: Address) {
      return (await manager.getCode(address)).length
    },
    async getStorage(address: Address, key: Uint8Array) {
      return state.getStorage(hexFromBytes(address.bytes), hexFromBytes(key)) ?? EMPTY
    },
    async putStorage(address: Address, key: Uint8Array, value: Uint8Array) {
      putStorage(hexFromBytes(address.bytes), hexFromBytes(key), value)
    },
    async clearStorage(address: Address) {
      const account = hexFromBytes(address.bytes)
      for (const [slot, value] of state.storageOf(account) ?? []) {
        const originalKey = account + slot
        if (!originals.has(originalKey)) originals.set(originalKey, value)
      }
      state.clearStorage(account)
    },
    async checkpoint() {
      state.checkpoint()
    },
    async commit() {
      state.commit()
    },
    async revert() {
      state.revert()
    },
    async getStateRoot() {
      throw new RtevmError('UNSUPPORTED', 'the RAM state manager does not compute state roots', {
        details: 'state roots come from the commitment, once per EVM block',
      })
    },
    async setStateRoot() {
      throw new RtevmError('UNSUPPORTED', 'the RAM state manager cannot switch state roots')
    },
    async hasStateRoot() {
      return false
    },
    originalStorageCache: {
      async get(address: Address, key: Uint8Array) {
        return originalStorage(hexFromBytes(address.bytes), hexFromBytes(key))
      },
      clear() {
        if (originals.size > 0) originals = new Map()
      },
    },
    clearCaches() {},
    shallowCopy() {
      throw new RtevmError('UNSUPPORTED', 'the RAM state manager is not copied; use a checkpoint and revert')
    },
  }
  registerSyncStorage(manager, {
    load: (account, slot) => state.getStorage(account, slot) ?? EMPTY,
    original: originalStorage,
    store: putStorage,
    account: accountOf,
  })
  return manager
}
