import type { AccountRecord } from './AccountRecord.ts'

type Entry =
  | { kind: 'account'; address: string; previous: AccountRecord | undefined }
  | { kind: 'slot'; address: string; slot: string; previous: Uint8Array | undefined }
  | { kind: 'storage'; address: string; previous: Map<string, Uint8Array> }

/** How the journal puts old values back; the owner of the maps implements it. */
export type JournalRestore = {
  restoreAccount(address: string, account: AccountRecord | undefined): void
  restoreSlot(address: string, slot: string, value: Uint8Array | undefined): void
  restoreStorage(address: string, slots: Map<string, Uint8Array> | undefined): void
}

/**
 * An undo log: each write inside a checkpoint records the value it replaced.
 * Revert replays the log backwards to the checkpoint's mark; commit keeps the
 * entries for the parent frame. Outside any checkpoint nothing is recorded, so
 * the journal's size is bounded by one transaction's writes — never a copy of
 * the whole state.
 */
export type Journal = {
  recordAccount(address: string, previous: AccountRecord | undefined): void
  recordSlot(address: string, slot: string, previous: Uint8Array | undefined): void
  recordStorage(address: string, previous: Map<string, Uint8Array>): void
  checkpoint(): void
  commit(): void
  revert(): void
  depth(): number
}

export function createJournal(restore: JournalRestore): Journal {
  const entries: Entry[] = []
  const marks: number[] = []
  return {
    recordAccount(address, previous) {
      if (marks.length > 0) entries.push({ kind: 'account', address, previous })
    },
    recordSlot(address, slot, previous) {
      if (marks.length > 0) entries.push({ kind: 'slot', address, slot, previous })
    },
    recordStorage(address, previous) {
      if (marks.length > 0) entries.push({ kind: 'storage', address, previous })
    },
    checkpoint() {
      marks.push(entries.length)
    },
    commit() {
      if (marks.pop() === undefined) throw new RangeError('journal commit without a checkpoint')
      if (marks.length === 0) entries.length = 0
    },
    revert() {
      const mark = marks.pop()
      if (mark === undefined) throw new RangeError('journal revert without a checkpoint')
      for (let i = entries.length - 1; i >= mark; i--) {
        const entry = entries[i]
        if (entry.kind === 'account') restore.restoreAccount(entry.address, entry.previous)
        else if (entry.kind === 'slot') restore.restoreSlot(entry.address, entry.slot, entry.previous)
        else restore.restoreStorage(entry.address, entry.previous)
      }
      entries.length = mark
    },
    depth: () => marks.length,
  }
}
