import { ErrorCode, RtevmError, type StateDiff } from '@rtevm/protocol'
import type { AccountRecord } from './AccountRecord.ts'
import { hexFromBytes } from './bytes.ts'
import type { RamState, StateReader } from './RamState.ts'

/** How much state history a replica keeps in RAM; the oldest blocks go first. */
export type HistoryWindow = {
  /** Blocks whose starting state stays readable. Default 86 400: a day of 1 s blocks. 0 keeps none. */
  blocks?: number
  /** Approximate bytes of recorded values. Default 256 MiB. */
  bytes?: number
}

/** The values a key held at the start of a block, recorded the first time the block overwrote it. */
type BlockUndo = {
  readonly number: bigint
  /** `undefined`: the account did not exist. */
  readonly accounts: Map<string, AccountRecord | undefined>
  /** Slot values (`undefined`: zero) of accounts whose storage was not wiped earlier in the block. */
  readonly slots: Map<string, Map<string, Uint8Array | undefined>>
  /** The whole storage of accounts the block wiped, as it was before (slots recorded earlier win). */
  readonly wiped: Map<string, ReadonlyMap<string, Uint8Array>>
  bytes: number
}

/** A read of the state at the end of a block: `getAccount`/`getStorage` keyed as RamState keys them. */
export type StateAt = {
  getAccount(address: string): AccountRecord | undefined
  getStorage(address: string, slot: string): Uint8Array | undefined
  /** Every non-zero slot of one account (a copy when it differs from the live state's). */
  storageOf(address: string): ReadonlyMap<string, Uint8Array>
  /** Every account that exists at the end of the block. */
  addresses(): Iterable<string>
}

/**
 * Per-block reverse diffs of a replica's state: before each mini-block's diff
 * is applied, the values it overwrites are recorded against the mini-block's
 * EVM block (the first write of a key in a block wins). The state at the end
 * of block N is then the live state with, for every key, the value recorded
 * by the oldest block after N that wrote it.
 */
export type StateHistory = {
  /**
   * Call with `state` as it was before `diff`, a mini-block of block `blockNumber`: a replica
   * before applying it, the sequencer through `takeDiff`'s `before`.
   */
  record(state: StateReader, diff: StateDiff, blockNumber: bigint): void
  /**
   * The oldest block whose end state is still readable: every block after it
   * still has its record. Records fall out of the window (by block numbers or
   * by bytes) when a newer block records, so an idle chain loses none.
   */
  oldestBlock(): bigint
  /** The state at the end of `blockNumber`, read through the live `state`; throws `outsideWindow` when older than `oldestBlock()`. */
  at(state: RamState, blockNumber: bigint): StateAt
  /**
   * Writes into `state` the values it held at the end of `blockNumber`. Only
   * inside a checkpoint the caller reverts (a historical `eth_call`): the
   * replica's live state must never keep these writes. Throws `outsideWindow`
   * when `blockNumber` is older than `oldestBlock()`.
   */
  rewind(state: RamState, blockNumber: bigint): void
  /**
   * The chain went back to `blockNumber` and the state with it (devnet `evm_revert`): the records
   * of later blocks describe abandoned blocks and are dropped.
   */
  forgetAfter(blockNumber: bigint): void
  /** Blocks with recorded changes and their approximate bytes (memory per block of history). */
  stats(): { blocks: number; bytes: number }
}

/** A day of 1 s blocks, within 256 MiB of recorded values. */
export const DEFAULT_HISTORY_WINDOW = { blocks: 86_400, bytes: 256 * 1024 * 1024 } as const

// Rough heap cost of one recorded entry: map slot, key string, record or value bytes.
const ACCOUNT_BYTES = 160
const SLOT_BYTES = 200

/** `startBlock`: the block whose end state the replica starts from (0 at genesis). */
export function createStateHistory(window: HistoryWindow = {}, startBlock = 0n): StateHistory {
  const maxBlocks = BigInt(window.blocks ?? DEFAULT_HISTORY_WINDOW.blocks)
  const maxBytes = window.bytes ?? DEFAULT_HISTORY_WINDOW.bytes
  // Blocks with changes, oldest first; `first` skips the pruned ones without shifting.
  const undos: (BlockUndo | undefined)[] = []
  let first = 0
  let floor = startBlock
  let bytes = 0

  function undoOf(blockNumber: bigint): BlockUndo {
    const newest = undos[undos.length - 1]
    if (newest?.number === blockNumber) return newest
    const undo: BlockUndo = {
      number: blockNumber,
      accounts: new Map(),
      slots: new Map(),
      wiped: new Map(),
      bytes: 0,
    }
    undos.push(undo)
    prune(blockNumber)
    return undo
  }

  function prune(newestBlock: bigint) {
    while (first < undos.length - 1) {
      const oldest = undos[first]!
      if (newestBlock - oldest.number < maxBlocks && bytes <= maxBytes) break
      // Dropping block B's undo loses the state at the end of B - 1 and before.
      floor = oldest.number
      bytes -= oldest.bytes
      undos[first++] = undefined
    }
    // Compact now and then, so pruning stays O(1) per block without the array growing forever.
    if (first > 1024 && first * 2 > undos.length) {
      undos.splice(0, first)
      first = 0
    }
  }

  function recordSlot(undo: BlockUndo, state: StateReader, address: string, slot: string) {
    if (undo.wiped.has(address)) return
    let slots = undo.slots.get(address)
    if (!slots) {
      slots = new Map()
      undo.slots.set(address, slots)
    }
    if (slots.has(slot)) return
    slots.set(slot, state.getStorage(address, slot))
    undo.bytes += SLOT_BYTES
    bytes += SLOT_BYTES
  }

  /** The oldest recorded block after `blockNumber`: where a read at `blockNumber` starts looking. */
  function firstAfter(blockNumber: bigint): number {
    let low = first
    let high = undos.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (undos[middle]!.number > blockNumber) high = middle
      else low = middle + 1
    }
    return low
  }

  function check(blockNumber: bigint) {
    if (blockNumber < floor) throw outsideWindow(blockNumber, floor)
  }

  return {
    record(state, diff, blockNumber) {
      if (maxBlocks === 0n) {
        // No window: only the newest state is readable.
        floor = blockNumber
        return
      }
      const undo = undoOf(blockNumber)
      for (const change of diff.accounts) {
        const address = hexFromBytes(change.address)
        if (!undo.accounts.has(address)) {
          undo.accounts.set(address, state.getAccount(address))
          undo.bytes += ACCOUNT_BYTES
          bytes += ACCOUNT_BYTES
        }
        if ((change.deleted || change.storageCleared) && !undo.wiped.has(address)) {
          const before = new Map(state.storageOf(address))
          undo.wiped.set(address, before)
          undo.bytes += before.size * SLOT_BYTES
          bytes += before.size * SLOT_BYTES
        }
        for (const { slot } of change.storage) recordSlot(undo, state, address, hexFromBytes(slot))
      }
    },
    oldestBlock: () => floor,
    at(state, blockNumber) {
      check(blockNumber)
      const from = firstAfter(blockNumber)
      return {
        getAccount(address) {
          for (let i = from; i < undos.length; i++) {
            const accounts = undos[i]!.accounts
            if (accounts.has(address)) return accounts.get(address)
          }
          return state.getAccount(address)
        },
        getStorage(address, slot) {
          for (let i = from; i < undos.length; i++) {
            const undo = undos[i]!
            const slots = undo.slots.get(address)
            if (slots?.has(slot)) return slots.get(slot)
            const wiped = undo.wiped.get(address)
            if (wiped) return wiped.get(slot)
          }
          return state.getStorage(address, slot)
        },
        storageOf(address) {
          let slots: Map<string, Uint8Array> | undefined
          // Newest first, as rewind writes them: the oldest record after `blockNumber` wins.
          for (let i = undos.length - 1; i >= from; i--) {
            const undo = undos[i]!
            const wiped = undo.wiped.get(address)
            if (wiped) slots = new Map(wiped)
            const recorded = undo.slots.get(address)
            if (!recorded) continue
            slots ??= new Map(state.storageOf(address))
            for (const [slot, value] of recorded) {
              if (value) slots.set(slot, value)
              else slots.delete(slot)
            }
          }
          return slots ?? state.storageOf(address)
        },
        *addresses() {
          const seen = new Set<string>()
          for (const [address] of state.accounts()) seen.add(address)
          for (let i = from; i < undos.length; i++)
            for (const address of undos[i]!.accounts.keys()) seen.add(address)
          for (const address of seen) if (this.getAccount(address)) yield address
        },
      }
    },
    rewind(state, blockNumber) {
      check(blockNumber)
      // Newest first, so the value recorded by the oldest block after `blockNumber` is written last.
      const from = firstAfter(blockNumber)
      for (let i = undos.length - 1; i >= from; i--) {
        const undo = undos[i]!
        for (const [address, before] of undo.wiped) {
          state.clearStorage(address)
          for (const [slot, value] of before) state.putStorage(address, slot, value)
        }
        for (const [address, slots] of undo.slots) {
          for (const [slot, value] of slots) state.putStorage(address, slot, value ?? EMPTY)
        }
        for (const [address, account] of undo.accounts) {
          // putAccount(undefined) wipes storage too: the account had none at that point.
          state.putAccount(address, account)
        }
      }
    },
    forgetAfter(blockNumber) {
      while (undos.length > first && undos[undos.length - 1]!.number > blockNumber) {
        bytes -= (undos.pop() as BlockUndo).bytes
      }
      if (floor > blockNumber) floor = blockNumber
    },
    stats: () => ({ blocks: undos.length - first, bytes }),
  }
}

const EMPTY = new Uint8Array(0)

/** NOT_FOUND (-32001 at the edge), naming the window and how to widen it. */
export function outsideWindow(blockNumber: bigint, oldest: bigint): RtevmError {
  return new RtevmError(
    ErrorCode.NotFound,
    `the state of block ${blockNumber} is outside this node's history window, which starts at block ${oldest}`,
    {
      details:
        'raise --state-history-blocks / --state-history-bytes (RTEVM_STATE_HISTORY_BLOCKS, RTEVM_STATE_HISTORY_BYTES) to keep more',
    },
  )
}
