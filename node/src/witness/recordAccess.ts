import type { StateDiff } from '@rtevm/protocol'
import { hexFromBytes, type RamState } from '../state/index.ts'

/**
 * The keys one block's execution touched, read or written, as the RAM state
 * names them (unprefixed lowercase hex): accounts with their slots, and the
 * code hashes whose code was loaded.
 */
export type TouchedKeys = {
  accounts: Map<string, Set<string>>
  codeHashes: Set<string>
}

export type AccessRecorder = {
  /** The state to execute against: the wrapped state, recording every key it is asked for. */
  readonly state: RamState
  /** Adds the keys a diff writes (changes made outside execution, such as dev methods). */
  recordDiff(diff: StateDiff): void
  /** The keys touched since the previous call; starts a new record. */
  take(): TouchedKeys
}

/**
 * Wraps `state` so that execution through it (EthereumJS via the RAM state
 * manager, and the plain-transfer fast path alike) leaves a record of every
 * account, slot and code it touched: what a stateless verifier will need
 * proofs for. The record is a superset of the block's diff.
 */
export function recordAccess(state: RamState): AccessRecorder {
  let touched = emptyTouched()

  function account(address: string): Set<string> {
    let slots = touched.accounts.get(address)
    if (slots === undefined) {
      slots = new Set()
      touched.accounts.set(address, slots)
    }
    return slots
  }

  const recording: RamState = {
    ...state,
    getAccount(address) {
      account(address)
      return state.getAccount(address)
    },
    putAccount(address, record) {
      account(address)
      state.putAccount(address, record)
    },
    getStorage(address, slot) {
      account(address).add(slot)
      return state.getStorage(address, slot)
    },
    putStorage(address, slot, value) {
      account(address).add(slot)
      state.putStorage(address, slot, value)
    },
    clearStorage(address) {
      account(address)
      state.clearStorage(address)
    },
    hasStorage(address) {
      account(address)
      return state.hasStorage(address)
    },
    storageOf(address) {
      account(address)
      return state.storageOf(address)
    },
    getCode(codeHash) {
      touched.codeHashes.add(hexFromBytes(codeHash))
      return state.getCode(codeHash)
    },
  }

  return {
    state: recording,
    recordDiff(diff) {
      for (const change of diff.accounts) {
        const slots = account(hexFromBytes(change.address))
        for (const { slot } of change.storage) slots.add(hexFromBytes(slot))
      }
    },
    take() {
      const taken = touched
      touched = emptyTouched()
      return taken
    },
  }
}

function emptyTouched(): TouchedKeys {
  return { accounts: new Map(), codeHashes: new Set() }
}
