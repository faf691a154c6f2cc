import { UnsupportedVersionError } from '../../errors/index.ts'
import { ByteReader } from '../ByteReader.ts'
import { ByteWriter } from '../ByteWriter.ts'

/** The compact diff format's version byte, also the id-table snapshot's. */
export const COMPACT_DIFF_VERSION = 2

const WHAT = 'compact diff id tables'

/**
 * Ids known for one account: its slots, numbered from 0 in order of first
 * appearance. The slot map and list exist only once the account has a slot:
 * most accounts are EOAs, and an empty Map costs more than the address.
 */
export type AccountEntry = {
  /** The address as a 20-character latin1 string (one char per byte). */
  readonly key: string
  slotIds: Map<string, number> | undefined
  /** Slot keys by id (32-character latin1 strings). */
  slots: string[] | undefined
}

type JournalEntry = { kind: 'account' } | { kind: 'slot'; entry: AccountEntry }

/**
 * The id tables a compact-diff encoder and its decoders keep in lockstep:
 * accounts numbered globally from 0, slots numbered per account from 0, each
 * in order of first appearance in the stream. Keys are latin1 strings (one
 * char per byte), which V8 stores one byte per char.
 *
 * Invariant: a failed encode or decode leaves the tables as they were
 * (`begin` / `rollback`), so a rejected frame cannot desynchronise a follower.
 */
export class IdTables {
  private readonly accountIds = new Map<string, number>()
  private readonly accounts: AccountEntry[] = []
  private slotTotal = 0
  private journal: JournalEntry[] = []

  get accountCount(): number {
    return this.accounts.length
  }

  get slotCount(): number {
    return this.slotTotal
  }

  accountId(key: string): number | undefined {
    return this.accountIds.get(key)
  }

  account(id: number): AccountEntry | undefined {
    return this.accounts[id]
  }

  /** Assigns the next account id to `key`, which must be new. */
  addAccount(key: string): AccountEntry {
    const entry: AccountEntry = { key, slotIds: undefined, slots: undefined }
    this.accountIds.set(key, this.accounts.length)
    this.accounts.push(entry)
    this.journal.push({ kind: 'account' })
    return entry
  }

  slotId(entry: AccountEntry, key: string): number | undefined {
    return entry.slotIds?.get(key)
  }

  slotKey(entry: AccountEntry, id: number): string | undefined {
    return entry.slots?.[id]
  }

  /** Assigns the next slot id of `entry` to `key`, which must be new for it. */
  addSlot(entry: AccountEntry, key: string): void {
    entry.slotIds ??= new Map()
    entry.slots ??= []
    entry.slotIds.set(key, entry.slots.length)
    entry.slots.push(key)
    this.slotTotal++
    this.journal.push({ kind: 'slot', entry })
  }

  /** Starts a unit of work that `rollback` can undo. */
  begin(): void {
    this.journal = []
  }

  /** Keeps the ids assigned since `begin` (and drops the journal, which would otherwise pin them twice). */
  commit(): void {
    this.journal = []
  }

  /** Undoes every id assigned since `begin`. */
  rollback(): void {
    for (let i = this.journal.length - 1; i >= 0; i--) {
      const change = this.journal[i]
      if (change.kind === 'account') {
        const entry = this.accounts.pop() as AccountEntry
        this.accountIds.delete(entry.key)
      } else {
        const key = change.entry.slots?.pop() as string
        change.entry.slotIds?.delete(key)
        this.slotTotal--
      }
    }
    this.journal = []
  }

  /** `02 accountCount (addr slotCount h32*)*`, ids implied by position. */
  export(): Uint8Array {
    const w = new ByteWriter(WHAT, 16 + this.accounts.length * 22 + this.slotTotal * 32)
    w.u8(COMPACT_DIFF_VERSION, 'version')
    w.varint(this.accounts.length, 'accounts')
    for (const entry of this.accounts) {
      w.raw(bytesFromKey(entry.key))
      const slots = entry.slots ?? []
      w.varint(slots.length, 'slots')
      for (const slot of slots) w.raw(bytesFromKey(slot))
    }
    return w.finish()
  }

  /** Reads `export` output; throws `DecodeError` on malformed input or a repeated key. */
  static import(bytes: Uint8Array): IdTables {
    const r = new ByteReader(bytes, WHAT)
    const version = r.u8('version')
    if (version !== COMPACT_DIFF_VERSION) throw new UnsupportedVersionError(WHAT, version)
    const tables = new IdTables()
    const count = r.count(21, 'accounts')
    for (let i = 0; i < count; i++) {
      const key = keyFromBytes(r.fixed(20, 'address'))
      if (tables.accountIds.has(key)) r.fail('address', 'repeated account')
      const entry = tables.addAccount(key)
      const slots = r.count(32, 'slots')
      for (let s = 0; s < slots; s++) {
        const slot = keyFromBytes(r.fixed(32, 'slot'))
        if (tables.slotId(entry, slot) !== undefined) r.fail('slot', 'repeated slot')
        tables.addSlot(entry, slot)
      }
    }
    r.end()
    tables.journal = []
    return tables
  }

  /**
   * Tables seeded with `addresses` (genesis accounts) in ascending byte
   * order, so every node derives the same ids from the genesis config alone.
   */
  static fromGenesis(addresses: readonly Uint8Array[]): IdTables {
    const keys = [...new Set(addresses.map(keyFromBytes))].sort()
    const tables = new IdTables()
    for (const key of keys) tables.addAccount(key)
    tables.journal = []
    return tables
  }
}

/** One latin1 char per byte; sorting these strings sorts the bytes. */
export function keyFromBytes(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[])
}

export function bytesFromKey(key: string): Uint8Array {
  const out = new Uint8Array(key.length)
  for (let i = 0; i < key.length; i++) out[i] = key.charCodeAt(i)
  return out
}
