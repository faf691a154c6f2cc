import type { AccountRecord, RamState } from '../state/index.ts'
import type { TxAccess } from './analyzeBlock.ts'

/** Records one transaction's reads and writes at a time, on a wrapped RAM state. */
export type TxAccessRecorder = {
  /** The state to execute against: the wrapped state, noting every key asked for or changed. */
  readonly state: RamState
  /** The keys the transaction since the previous call read and changed; starts a new record. */
  take(): TxAccess
  /** Forgets the record (the transaction was refused and left the state as it was). */
  discard(): void
}

export type TxAccessRecorderOptions = {
  /**
   * Unprefixed lowercase hex addresses left out of every set: the fee
   * recipient. Every transaction credits it its priority fee, which would make
   * each one depend on the previous; a parallel executor instead adds up the
   * fees per transaction and credits their sum after the block, as those
   * additions commute. (A contract that reads the coinbase balance would
   * need the serial order; none of the measured workloads does.)
   */
  ignore?: readonly string[]
}

/** State keys: one per account (nonce, balance and code hash together) and one per storage slot. */
export const accountKey = (address: string) => `account:${address}`
export const slotKey = (address: string, slot: string) => `slot:${address}:${slot}`

/**
 * Wraps `state` so that execution through it (EthereumJS via the RAM state
 * manager, and the plain-transfer fast path alike) leaves, per transaction,
 * the keys it read and the keys whose value it changed. A key written back to
 * its value before the transaction is not a write (EthereumJS re-puts the
 * accounts it touches; only real changes order later readers).
 */
export function recordTxAccess(state: RamState, options: TxAccessRecorderOptions = {}): TxAccessRecorder {
  const ignored = new Set(options.ignore ?? [])
  let reads = new Set<string>()
  // Values before the transaction's first write, to tell a change from a re-put.
  let accountsBefore = new Map<string, AccountRecord | undefined>()
  let slotsBefore = new Map<string, { address: string; slot: string; value: Uint8Array | undefined }>()
  let cleared = new Set<string>()

  const read = (address: string, key: string) => {
    if (!ignored.has(address)) reads.add(key)
  }

  const recording: RamState = {
    ...state,
    getAccount(address) {
      read(address, accountKey(address))
      return state.getAccount(address)
    },
    putAccount(address, record) {
      if (!accountsBefore.has(address)) accountsBefore.set(address, state.getAccount(address))
      state.putAccount(address, record)
    },
    getStorage(address, slot) {
      read(address, slotKey(address, slot))
      return state.getStorage(address, slot)
    },
    putStorage(address, slot, value) {
      const key = slotKey(address, slot)
      if (!slotsBefore.has(key))
        slotsBefore.set(key, { address, slot, value: state.getStorage(address, slot) })
      state.putStorage(address, slot, value)
    },
    clearStorage(address) {
      cleared.add(address)
      state.clearStorage(address)
    },
    hasStorage(address) {
      read(address, accountKey(address))
      return state.hasStorage(address)
    },
    storageOf(address) {
      read(address, accountKey(address))
      return state.storageOf(address)
    },
  }

  function reset() {
    reads = new Set()
    accountsBefore = new Map()
    slotsBefore = new Map()
    cleared = new Set()
  }

  return {
    state: recording,
    take() {
      const writes = new Set<string>()
      for (const [address, before] of accountsBefore) {
        if (!ignored.has(address) && !sameAccount(before, state.getAccount(address)))
          writes.add(accountKey(address))
      }
      for (const [key, { address, slot, value }] of slotsBefore) {
        if (!ignored.has(address) && !sameBytes(value, state.getStorage(address, slot))) writes.add(key)
      }
      // A wiped storage (a contract created over an old one) changes what every slot read returns.
      for (const address of cleared) if (!ignored.has(address)) writes.add(accountKey(address))
      const access: TxAccess = { reads, writes }
      reset()
      return access
    },
    discard: reset,
  }
}

function sameAccount(a: AccountRecord | undefined, b: AccountRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return a.nonce === b.nonce && a.balance === b.balance && sameBytes(a.codeHash, b.codeHash)
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  const left = a ?? EMPTY
  const right = b ?? EMPTY
  if (left.length !== right.length) return false
  for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) return false
  return true
}

const EMPTY = new Uint8Array(0)
