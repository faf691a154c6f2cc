import { UnsupportedVersionError } from '../../errors/index.ts'
import type { StateDiff } from '../../types/index.ts'
import { ByteReader } from '../ByteReader.ts'
import { ByteWriter } from '../ByteWriter.ts'
import { EncodeError } from '../EncodeError.ts'
import { KeyTable } from './KeyTable.ts'

/** The compact diff format's version byte, also the id-table snapshot's. */
export const COMPACT_DIFF_VERSION = 2

const WHAT = 'compact diff id tables'

/**
 * The id tables a compact-diff encoder and its decoders keep in lockstep:
 * accounts numbered globally from 0, slots numbered per account from 0, each
 * in order of first appearance in the stream.
 *
 * Memory: an account is its 20-byte address plus index (~28–36 B); a slot is
 * (account id, slot) = 36 bytes plus a reverse (account id, slot index) key of
 * 8 bytes, each with index (~60–76 B). All in typed arrays.
 *
 * Invariant: a failed encode or decode leaves the tables as they were
 * (`begin` / `rollback` truncate to the counts at `begin`: ids are only ever
 * appended), so a rejected frame cannot desynchronise a follower.
 */
export class IdTables {
  private readonly accounts = new KeyTable(20)
  /** Row r: account id (u32 BE) then the slot. */
  private readonly slots = new KeyTable(36)
  /** Row r: account id (u32 BE) then the slot's per-account index (u32 BE); rows match `slots`. */
  private readonly slotRows = new KeyTable(8)
  private slotCounts = new Int32Array(64)
  private readonly scratch = new Uint8Array(36)
  private readonly scratchView = new DataView(this.scratch.buffer)
  private mark = { accounts: 0, slots: 0 }

  get accountCount(): number {
    return this.accounts.count
  }

  get slotCount(): number {
    return this.slots.count
  }

  /** Bytes held in typed arrays; nothing else grows with the number of keys. */
  get byteLength(): number {
    return (
      this.accounts.byteLength + this.slots.byteLength + this.slotRows.byteLength + this.slotCounts.byteLength
    )
  }

  /** The id of `address`, or -1. */
  accountId(address: Uint8Array): number {
    return this.accounts.find(address)
  }

  /** A copy of account `id`'s address, or `undefined` for an unknown id. */
  address(id: number): Uint8Array | undefined {
    return Number.isInteger(id) && id >= 0 && id < this.accounts.count
      ? this.accounts.keyView(id).slice()
      : undefined
  }

  /** Assigns the next account id to `address`, which must be new. */
  addAccount(address: Uint8Array): number {
    const id = this.accounts.add(address)
    if (id >= this.slotCounts.length) {
      const grown = new Int32Array(this.slotCounts.length * 2)
      grown.set(this.slotCounts)
      this.slotCounts = grown
    }
    this.slotCounts[id] = 0
    return id
  }

  /** The per-account id of `slot` in account `account`, or -1. */
  slotId(account: number, slot: Uint8Array): number {
    this.scratchView.setUint32(0, account)
    this.scratch.set(slot, 4)
    const row = this.slots.find(this.scratch)
    return row < 0 ? -1 : readU32(this.slotRows.keyView(row), 4)
  }

  /** A copy of the slot with per-account id `index` in account `account`, or `undefined`. */
  slot(account: number, index: number): Uint8Array | undefined {
    if (!(index >= 0 && index < (this.slotCounts[account] ?? 0))) return undefined
    this.scratchView.setUint32(0, account)
    this.scratchView.setUint32(4, index)
    const row = this.slotRows.find(this.scratch)
    return row < 0 ? undefined : this.slots.keyView(row).slice(4)
  }

  /** Assigns the next slot id of account `account` to `slot`, which must be new for it. */
  addSlot(account: number, slot: Uint8Array): number {
    const index = this.slotCounts[account]
    this.scratchView.setUint32(0, account)
    this.scratch.set(slot, 4)
    this.slots.add(this.scratch)
    this.scratchView.setUint32(4, index)
    this.slotRows.add(this.scratch)
    this.slotCounts[account] = index + 1
    return index
  }

  /**
   * Assigns ids to `diff`'s new keys exactly as encoding or decoding it
   * would. Table evolution depends only on the keys in the stream, not on
   * values or state, so tables can be rebuilt from v1 diffs (a DA log replay).
   */
  advance(diff: StateDiff): void {
    for (const account of diff.accounts) {
      if (account.address.length !== 20)
        throw new EncodeError(WHAT, `address of ${account.address.length} bytes`)
      let id = this.accountId(account.address)
      if (id < 0) id = this.addAccount(account.address)
      for (const { slot } of account.storage) {
        if (slot.length !== 32) throw new EncodeError(WHAT, `slot of ${slot.length} bytes`)
        if (this.slotId(id, slot) < 0) this.addSlot(id, slot)
      }
    }
    this.begin()
  }

  /** Starts a unit of work that `rollback` can undo. */
  begin(): void {
    this.mark = { accounts: this.accounts.count, slots: this.slots.count }
  }

  /** Keeps the ids assigned since `begin`. */
  commit(): void {
    this.begin()
  }

  /** Runs `work` as one unit: the ids it assigns are kept if it returns, undone if it throws. */
  atomically<T>(work: () => T): T {
    this.begin()
    try {
      const out = work()
      this.commit()
      return out
    } catch (error) {
      this.rollback()
      throw error
    }
  }

  /** Undoes every id assigned since `begin`, newest first. */
  rollback(): void {
    while (this.slots.count > this.mark.slots) {
      const account = readU32(this.slots.keyView(this.slots.count - 1), 0)
      this.slotCounts[account]--
      this.slots.removeLast()
      this.slotRows.removeLast()
    }
    while (this.accounts.count > this.mark.accounts) this.accounts.removeLast()
  }

  /** `02 accountCount (addr slotCount h32*)*`, ids implied by position. */
  export(): Uint8Array {
    const w = new ByteWriter(WHAT, 16 + this.accounts.count * 22 + this.slots.count * 32)
    w.u8(COMPACT_DIFF_VERSION, 'version')
    w.varint(this.accounts.count, 'accounts')
    for (let id = 0; id < this.accounts.count; id++) {
      w.raw(this.accounts.keyView(id))
      const count = this.slotCounts[id]
      w.varint(count, 'slots')
      for (let s = 0; s < count; s++) w.raw(this.slot(id, s) as Uint8Array)
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
      const address = r.fixed(20, 'address')
      if (tables.accountId(address) >= 0) r.fail('address', 'repeated account')
      const id = tables.addAccount(address)
      const slots = r.count(32, 'slots')
      for (let s = 0; s < slots; s++) {
        const slot = r.fixed(32, 'slot')
        if (tables.slotId(id, slot) >= 0) r.fail('slot', 'repeated slot')
        tables.addSlot(id, slot)
      }
    }
    r.end()
    tables.begin()
    return tables
  }

  /**
   * Tables seeded with `addresses` (genesis accounts) in ascending byte
   * order, so every node derives the same ids from the genesis config alone.
   */
  static fromGenesis(addresses: readonly Uint8Array[]): IdTables {
    for (const address of addresses) {
      if (address.length !== 20) throw new EncodeError(WHAT, `genesis address of ${address.length} bytes`)
    }
    const sorted = [...addresses].sort(compareBytes)
    const tables = new IdTables()
    for (const address of sorted) if (tables.accountId(address) < 0) tables.addAccount(address)
    tables.begin()
    return tables
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = a.length < b.length ? a.length : b.length
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0
}
