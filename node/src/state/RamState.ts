import type { AccountDiff, StateDiff } from '@rtevm/protocol'
import type { AccountRecord } from './AccountRecord.ts'
import { bytesFromHex, bytesToBigInt, hexFromBytes } from './bytes.ts'
import { createJournal, type Journal } from './journal.ts'

/**
 * The sequencer's whole state in RAM: flat maps of accounts, storage and
 * code. Keys are unprefixed lowercase hex (addresses 40 chars, slots 64).
 * Storage values are minimal big-endian bytes; an absent slot is zero.
 *
 * Invariant: every write goes through this object, so the journal (for
 * checkpoint/revert) and the change tracker (for state diffs) see all of it.
 */
export type RamState = StateReader & {
  putAccount(address: string, account: AccountRecord | undefined): void
  putStorage(address: string, slot: string, value: Uint8Array): void
  clearStorage(address: string): void
  hasStorage(address: string): boolean
  getCode(codeHash: Uint8Array): Uint8Array | undefined
  putCode(codeHash: Uint8Array, code: Uint8Array): void
  /** Opens a nested frame that `revert` undoes and `commit` folds into its parent. */
  checkpoint(): void
  commit(): void
  revert(): void
  /** Depth of open checkpoints; 0 between transactions. */
  depth(): number
  /**
   * Changes since the previous call, minimal (keys written back to their old value are left out).
   * `before` sees the state as it was when the window opened, during the call only (history).
   */
  takeDiff(before?: (state: StateReader, diff: StateDiff) => void): StateDiff
  accountCount(): number
  /** Iterates accounts (for genesis dumps and commitments built from scratch). */
  accounts(): IterableIterator<[string, AccountRecord]>
}

/** Reads of one state: the live one, or one as it was (`takeDiff`'s `before`, history). */
export type StateReader = {
  getAccount(address: string): AccountRecord | undefined
  getStorage(address: string, slot: string): Uint8Array | undefined
  /** The storage of one account (read-only view), for dumps and proofs. */
  storageOf(address: string): ReadonlyMap<string, Uint8Array>
}

const NO_STORAGE: ReadonlyMap<string, Uint8Array> = new Map()

export type RamStateOptions = {
  /**
   * Record each key's value at the start of the diff window, for `takeDiff`.
   * Default true (the sequencer). A replica that only applies diffs passes
   * false: it never calls `takeDiff`, so the records would grow with every
   * key ever written; `takeDiff` then always returns an empty diff.
   */
  trackDiffs?: boolean
}

export function createRamState(options: RamStateOptions = {}): RamState {
  const trackDiffs = options.trackDiffs ?? true
  const accounts = new Map<string, AccountRecord>()
  const storage = new Map<string, Map<string, Uint8Array>>()
  const code = new Map<string, Uint8Array>()
  const journal: Journal = createJournal({
    restoreAccount: (address, account) => setAccount(address, account),
    restoreSlot: (address, slot, value) => setSlot(address, slot, value),
    restoreStorage: (address, slots) => {
      if (slots) storage.set(address, slots)
      else storage.delete(address)
    },
  })

  // Values at the start of the current diff window, recorded on first write.
  let accountsBefore = new Map<string, AccountRecord | undefined>()
  let slotsBefore = new Map<string, Map<string, Uint8Array | undefined>>()

  function setAccount(address: string, account: AccountRecord | undefined) {
    if (account) accounts.set(address, account)
    else accounts.delete(address)
  }

  function setSlot(address: string, slot: string, value: Uint8Array | undefined) {
    let slots = storage.get(address)
    if (value === undefined || value.length === 0) {
      slots?.delete(slot)
      if (slots?.size === 0) storage.delete(address)
      return
    }
    if (!slots) {
      slots = new Map()
      storage.set(address, slots)
    }
    slots.set(slot, value)
  }

  function trackSlot(address: string, slot: string, previous: Uint8Array | undefined) {
    if (!trackDiffs) return
    let before = slotsBefore.get(address)
    if (!before) {
      before = new Map()
      slotsBefore.set(address, before)
    }
    if (!before.has(slot)) before.set(slot, previous)
  }

  function trackAccount(address: string, previous: AccountRecord | undefined) {
    if (!trackDiffs) return
    if (!accountsBefore.has(address)) accountsBefore.set(address, previous)
  }

  const self: RamState = {
    getAccount: (address) => accounts.get(address),
    putAccount(address, account) {
      // A deleted account takes its storage with it, as the diff's `deleted` promises.
      if (account === undefined) self.clearStorage(address)
      const previous = accounts.get(address)
      trackAccount(address, previous)
      journal.recordAccount(address, previous)
      setAccount(address, account)
    },
    getStorage: (address, slot) => storage.get(address)?.get(slot),
    putStorage(address, slot, value) {
      const previous = storage.get(address)?.get(slot)
      trackSlot(address, slot, previous)
      if (!accountsBefore.has(address)) trackAccount(address, accounts.get(address))
      journal.recordSlot(address, slot, previous)
      setSlot(address, slot, value.length === 0 || value.every((b) => b === 0) ? undefined : value)
    },
    clearStorage(address) {
      const slots = storage.get(address)
      if (!accountsBefore.has(address)) trackAccount(address, accounts.get(address))
      if (!slots) return
      if (trackDiffs) for (const [slot, value] of slots) trackSlot(address, slot, value)
      journal.recordStorage(address, slots)
      storage.delete(address)
    },
    hasStorage: (address) => (storage.get(address)?.size ?? 0) > 0,
    storageOf: (address) => storage.get(address) ?? NO_STORAGE,
    getCode: (codeHash) => code.get(hexFromBytes(codeHash)),
    putCode(codeHash, bytes) {
      // Code is content-addressed and never removed, so it needs no journal entry.
      code.set(hexFromBytes(codeHash), bytes)
    },
    checkpoint: () => journal.checkpoint(),
    commit: () => journal.commit(),
    revert: () => journal.revert(),
    depth: () => journal.depth(),
    takeDiff(before) {
      // Inside a checkpoint a later revert would restore values this diff has already let go of.
      if (journal.depth() > 0) throw new RangeError('takeDiff inside an open checkpoint')
      const diff = buildDiff(accounts, storage, code, accountsBefore, slotsBefore)
      before?.(beforeWindow(accountsBefore, slotsBefore), diff)
      accountsBefore = new Map()
      slotsBefore = new Map()
      return diff
    },
    accountCount: () => accounts.size,
    accounts: () => accounts.entries(),
  }
  /** The live state overlaid with the values recorded at the window's first writes. */
  function beforeWindow(
    accountsThen: Map<string, AccountRecord | undefined>,
    slotsThen: Map<string, Map<string, Uint8Array | undefined>>,
  ): StateReader {
    return {
      getAccount: (address) =>
        accountsThen.has(address) ? accountsThen.get(address) : accounts.get(address),
      getStorage(address, slot) {
        const then = slotsThen.get(address)
        return then?.has(slot) ? then.get(slot) : storage.get(address)?.get(slot)
      },
      storageOf(address) {
        const then = slotsThen.get(address)
        const now = storage.get(address) ?? NO_STORAGE
        if (!then) return now
        const slots = new Map(now)
        for (const [slot, value] of then) {
          if (value === undefined || value.length === 0) slots.delete(slot)
          else slots.set(slot, value)
        }
        return slots
      },
    }
  }

  return self
}

function sameAccount(a: AccountRecord | undefined, b: AccountRecord | undefined): boolean {
  if (a === b) return true
  if (!a || !b) return false
  return a.nonce === b.nonce && a.balance === b.balance && equalBytes(a.codeHash, b.codeHash)
}

function equalBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true
  const la = a?.length ?? 0
  if (la !== (b?.length ?? 0)) return false
  for (let i = 0; i < la; i++) if (a![i] !== b![i]) return false
  return true
}

const EMPTY_CODE_HASH = bytesFromHex('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470')

function buildDiff(
  accounts: Map<string, AccountRecord>,
  storage: Map<string, Map<string, Uint8Array>>,
  code: Map<string, Uint8Array>,
  accountsBefore: Map<string, AccountRecord | undefined>,
  slotsBefore: Map<string, Map<string, Uint8Array | undefined>>,
): StateDiff {
  const out: AccountDiff[] = []
  for (const [address, before] of accountsBefore) {
    const now = accounts.get(address)
    const slots = slotsBefore.get(address)
    const current = storage.get(address)
    const changes: AccountDiff['storage'] = []
    if (slots) {
      for (const [slot, old] of slots) {
        const value = current?.get(slot)
        if (!equalBytes(old, value)) changes.push({ slot: bytesFromHex(slot), value: bytesToBigInt(value) })
      }
    }
    if (sameAccount(before, now) && changes.length === 0) continue
    const codeHash = now?.codeHash ?? EMPTY_CODE_HASH
    const codeChanged = now !== undefined && !equalBytes(before?.codeHash, now.codeHash)
    out.push({
      address: bytesFromHex(address),
      deleted: now === undefined,
      // Cleared slots are listed explicitly as zeroes, and a deleted account drops its storage.
      storageCleared: false,
      nonce: now?.nonce ?? 0n,
      balance: now?.balance ?? 0n,
      codeHash,
      code:
        codeChanged && !equalBytes(codeHash, EMPTY_CODE_HASH) ? code.get(hexFromBytes(codeHash)) : undefined,
      storage: now === undefined ? [] : changes,
    })
  }
  return { accounts: out }
}
