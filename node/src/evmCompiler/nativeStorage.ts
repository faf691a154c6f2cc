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
  _env: { address: { bytes: Uint8Array } }
}

export type NativeStorage = {
  /**
   * SLOAD at `pc` with the key on top of the stack, as EthereumJS's gas
   * handler (EIP-2929 warm/cold), `useGas` and opcode handler do it, in
   * their order; the value replaces the key. False, touching nothing, when
   * the frame's state manager has no synchronous storage.
   */
  sload(interp: InterpreterLike, rs: RunState, pc: number): boolean
}

export type NativeStorageFees = {
  /** SLOAD's static fee in this fork. */
  sloadFee: bigint
  coldSload: bigint
  warmRead: bigint
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
  const { sloadFee, coldSload, warmRead } = fees
  let lastAddress: Uint8Array | undefined
  let lastAddressHex = ''

  function addressHexOf(address: Uint8Array): string {
    if (address !== lastAddress) {
      lastAddress = address
      lastAddressHex = hexOf(address)
    }
    return lastAddressHex
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
      const current = journal as JournalLike
      const warm =
        current.journal.get(account)?.has(slot) || current.alwaysWarmJournal.get(account)?.has(slot)
      // The gas handler warms the slot before the charge, so an out-of-gas SLOAD leaves it warm (the frame's revert undoes it).
      if (!warm) current.addWarmedStorage(address, bytesOfHex(slot))
      interp.useGas(sloadFee + (warm ? warmRead : coldSload))
      rs.programCounter = pc + 1
      const value = storage.load(account, slot)
      stack._store[stack._len - 1] = value.length === 0 ? 0n : BigInt(`0x${hexOf(value)}`)
      return true
    },
  }
}

function isJournal(journal: unknown): journal is JournalLike {
  const candidate = journal as Partial<JournalLike> | undefined
  return (
    candidate?.journal instanceof Map &&
    candidate.alwaysWarmJournal instanceof Map &&
    typeof candidate.addWarmedStorage === 'function'
  )
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function hexOf(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]]
  return out
}

function bytesOfHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}
