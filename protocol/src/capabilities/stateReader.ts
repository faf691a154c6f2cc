import { bytesKey } from '../codec/bytesKey.ts'
import { ErrorCode, RtevmError } from '../errors/index.ts'

/** An account as readers see it. */
export type AccountView = { nonce: bigint; balance: bigint; codeHash: Uint8Array }

/** Reads of the newest state (the newest mini-block's post-state). */
export type StateReader = {
  getAccount(address: Uint8Array): AccountView | undefined
  getCode(address: Uint8Array): Uint8Array
  /** `slot` is 32 bytes; absent slots read as 0. */
  getStorage(address: Uint8Array, slot: Uint8Array): bigint
}

/**
 * Reads of past state: the state at the end of a sealed block, within the
 * history window the node keeps in RAM.
 */
export type StateHistoryReader = {
  /** The oldest block whose end state is readable. */
  oldestStateBlock(): bigint
  /** The state at the end of `blockNumber`; throws NOT_FOUND naming the window when it is older. */
  stateAt(blockNumber: bigint): StateReader
}

/** A `StateReader` over maps a test fills; `set*` replace what was there. It keeps no history. */
export type MemoryState = StateReader &
  StateHistoryReader & {
    setAccount(address: Uint8Array, account: AccountView): void
    setCode(address: Uint8Array, code: Uint8Array): void
    setStorage(address: Uint8Array, slot: Uint8Array, value: bigint): void
  }

export function createMemoryState(): MemoryState {
  const accounts = new Map<string, AccountView>()
  const code = new Map<string, Uint8Array>()
  const storage = new Map<string, bigint>()
  const slotKey = (address: Uint8Array, slot: Uint8Array) => `${bytesKey(address)}:${bytesKey(slot)}`
  return {
    getAccount: (address) => accounts.get(bytesKey(address)),
    getCode: (address) => code.get(bytesKey(address)) ?? new Uint8Array(),
    getStorage: (address, slot) => storage.get(slotKey(address, slot)) ?? 0n,
    setAccount: (address, account) => void accounts.set(bytesKey(address), account),
    setCode: (address, bytes) => void code.set(bytesKey(address), bytes),
    setStorage: (address, slot, value) => void storage.set(slotKey(address, slot), value),
    oldestStateBlock: () => NO_HISTORY,
    stateAt(blockNumber) {
      throw new RtevmError(
        ErrorCode.NotFound,
        `the state of block ${blockNumber} is not kept: this state has no history`,
      )
    },
  }
}

/** Past every block: no block's end state is readable. */
const NO_HISTORY = 2n ** 64n
