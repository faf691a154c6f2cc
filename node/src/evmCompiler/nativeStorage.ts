import { EVMError } from '@ethereumjs/evm'
import { bigIntToBytes, bytesFromHex, hexFromBytes } from '../state/index.ts'
import type { InterpreterLike, RunState } from './ethereumJsShapes.ts'

/**
 * Synchronous access to the storage behind a state manager, keyed as the RAM
 * state keys it (unprefixed lowercase hex). A state manager whose storage is
 * in RAM registers one, and compiled code then runs SLOAD without leaving
 * its synchronous segment for EthereumJS's asynchronous handlers.
 */
export type SyncStorage = {
  /** The slot's value as the state manager's `getStorage` returns it (the same bytes, through the same state). */
  load(account: string, slot: string): Uint8Array
  /** The slot's value when the transaction began, as its `originalStorageCache.get` returns it. */
  original(account: string, slot: string): Uint8Array
  /** What its `putStorage` does. */
  store(account: string, slot: string, value: Uint8Array): void
  /** What its `getAccount` returns. */
  account(address: string): unknown
}

const registry = new WeakMap<object, SyncStorage>()

/** Declares that `manager.getStorage(address, key)` answers what `storage.load` answers, at every moment. */
export function registerSyncStorage(manager: object, storage: SyncStorage): void {
  registry.set(manager, storage)
}

export function syncStorageOf(manager: unknown): SyncStorage | undefined {
  return typeof manager === 'object' && manager !== null ? registry.get(manager) : undefined
}

/** EthereumJS 10.1.3's journal (journal.js): the warm slots of the transaction, by unprefixed hex. */
type JournalLike = {
  journal: Map<string, Set<string>>
  alwaysWarmJournal: Map<string, Set<string>>
  addWarmedStorage(address: Uint8Array, slot: Uint8Array): void
}

type StorageInterpreter = InterpreterLike & {
  _stateManager: unknown
  _env: { address: { bytes: Uint8Array }; contract: unknown }
  isStatic(): boolean
  refundGas(amount: bigint): void
  subRefund(amount: bigint): void
}

export type NativeStorage = {
  /**
   * SLOAD at `pc` with the key on top of the stack, as EthereumJS's gas
   * handler (EIP-2929 warm/cold), `useGas` and opcode handler do it, in
   * their order; the value replaces the key. False, touching nothing, when
   * the frame's state manager has no synchronous storage.
   */
  sload(interp: InterpreterLike, rs: RunState, pc: number): boolean
  /**
   * SSTORE at `pc` with key and value on top of the stack, as EthereumJS's
   * gas handler (the EIP-2200 sentry, net gas and refunds with EIP-2929's
   * warm adjustments, then the cold charge), `useGas` and opcode handler
   * (`storageStore`: the write, then the frame's account re-read) do it;
   * false, touching nothing, when that is not this EVM's SSTORE.
   */
  sstore(interp: InterpreterLike, rs: RunState, pc: number): boolean
}

export type NativeStorageFees = {
  /** SLOAD's static fee in this fork. */
  sloadFee: bigint
  coldSload: bigint
  warmRead: bigint
  /** EIP-2200's SSTORE parameters (common.param names without the `sstore`/`EIP2200Gas` affixes); undefined: SSTORE stays EthereumJS's. */
  sstore?: {
    fee: bigint
    sentry: bigint
    noop: bigint
    init: bigint
    clean: bigint
    dirty: bigint
    clearRefund: bigint
    initRefund: bigint
    cleanRefund: bigint
    reset: bigint
  }
}

/**
 * SLOAD for one EVM whose state manager is `manager`; undefined when its
 * storage is not synchronous or the journal's shape is not the expected one
 * (compiled code then runs SLOAD through EthereumJS's handlers).
 */
export function createNativeStorage(
  manager: unknown,
  journal: unknown,
  fees: NativeStorageFees,
): NativeStorage | undefined {
  const storage = syncStorageOf(manager)
  if (storage === undefined || !isJournal(journal)) return undefined
  const warmSlots: JournalLike = journal
  const { sloadFee, coldSload, warmRead } = fees
  let lastAddress: Uint8Array | undefined
  let lastAddressHex = ''

  function addressHexOf(address: Uint8Array): string {
    if (address !== lastAddress) {
      lastAddress = address
      lastAddressHex = hexFromBytes(address)
    }
    return lastAddressHex
  }

  function isWarm(account: string, slot: string): boolean {
    return (
      warmSlots.journal.get(account)?.has(slot) === true ||
      warmSlots.alwaysWarmJournal.get(account)?.has(slot) === true
    )
  }

  return {
    sload(interp, rs, pc) {
      const frame = interp as StorageInterpreter
      if (frame._stateManager !== manager) return false
      const stack = rs.stack
      rs.programCounter = pc
      rs.opCode = 0x54
      const key = stack._store[stack._len - 1]
      const address = frame._env.address.bytes
      const account = addressHexOf(address)
      const slot = key.toString(16).padStart(64, '0')
      const warm = isWarm(account, slot)
      // The gas handler warms the slot before the charge, so an out-of-gas SLOAD leaves it warm (the frame's revert undoes it).
      if (!warm) warmSlots.addWarmedStorage(address, bytesFromHex(slot))
      interp.useGas(sloadFee + (warm ? warmRead : coldSload))
      rs.programCounter = pc + 1
      const value = storage.load(account, slot)
      stack._store[stack._len - 1] = wordOf(value)
      return true
    },
    sstore(interp, rs, pc) {
      const frame = interp as StorageInterpreter
      const fee = fees.sstore
      if (fee === undefined || frame._stateManager !== manager) return false
      rs.programCounter = pc
      rs.opCode = 0x55
      if (frame.isStatic()) throw new EVMError(EVMError.errorMessages.STATIC_STATE_CHANGE)
      const stack = rs.stack
      const key = stack._store[stack._len - 1]
      const value = stack._store[stack._len - 2]
      const address = frame._env.address.bytes
      const account = addressHexOf(address)
      const slot = key.toString(16).padStart(64, '0')
      // opcodes/EIP2200.js compares the values as 32-byte words (empty when zero): as numbers here.
      const current = wordOf(storage.load(account, slot))
      const original = wordOf(storage.original(account, slot))
      if (rs.gasLeft <= fee.sentry) throw new EVMError(EVMError.errorMessages.OUT_OF_GAS)
      const warm = isWarm(account, slot)
      let gas: bigint
      if (current === value) {
        gas = warm ? warmRead : fee.noop
      } else if (original === current) {
        if (original !== 0n && value === 0n) frame.refundGas(fee.clearRefund)
        gas = original === 0n ? fee.init : fee.clean
      } else {
        if (original !== 0n) {
          if (current === 0n) frame.subRefund(fee.clearRefund)
          else if (value === 0n) frame.refundGas(fee.clearRefund)
        }
        if (original === value) {
          if (original === 0n) frame.refundGas(warm ? fee.init - warmRead : fee.initRefund)
          else frame.refundGas(warm ? fee.reset - coldSload - warmRead : fee.cleanRefund)
        }
        gas = fee.dirty
      }
      if (!warm) {
        warmSlots.addWarmedStorage(address, bytesFromHex(slot))
        gas += coldSload
      }
      interp.useGas(fee.fee + gas)
      rs.programCounter = pc + 1
      stack._len -= 2
      // As EthereumJS's handler: the shortest big-endian bytes; zero is stored empty.
      storage.store(account, slot, bigIntToBytes(value))
      frame._env.contract = storage.account(account)
      return true
    },
  }
}

function wordOf(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${hexFromBytes(bytes)}`)
}

function isJournal(journal: unknown): journal is JournalLike {
  const candidate = journal as Partial<JournalLike> | undefined
  return (
    candidate?.journal instanceof Map &&
    candidate.alwaysWarmJournal instanceof Map &&
    typeof candidate.addWarmedStorage === 'function'
  )
}
