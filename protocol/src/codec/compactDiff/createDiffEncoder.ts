import { keccak_256 } from '@noble/hashes/sha3.js'
import type { StateDiff } from '../../types/index.ts'
import { ByteWriter } from '../ByteWriter.ts'
import {
  BALANCE_SAME,
  BALANCE_SHIFT,
  DELETED,
  EMPTY_CODE_HASH,
  equalBytes,
  HAS_CODE,
  HAS_CODE_HASH,
  NONCE_EXPLICIT,
  NONCE_INCREMENT,
  NONCE_SAME,
  NONCE_SHIFT,
  STORAGE_CLEARED,
  VALUE_FULL,
  VALUE_MINUS,
  VALUE_PLUS,
  VALUE_ZERO,
} from './flags.ts'
import { COMPACT_DIFF_VERSION, IdTables } from './idTables.ts'
import type { PreStateLookup } from './PreStateLookup.ts'
import { packedLength, packScaled, writePacked } from './scaledInt.ts'

const WHAT = 'compact state diff'
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Where the id tables start: empty, seeded with genesis accounts, or imported from a snapshot. */
export type DiffTablesInit = { genesis?: readonly Uint8Array[]; tables?: Uint8Array }

/** Ids known so far, and the bytes their tables hold (typed arrays, growth slack included). */
export type DiffTablesStats = { accounts: number; slots: number; bytes: number }

/** Encodes state diffs, in stream order, against the pre-state and the ids seen so far. */
export type DiffEncoder = {
  /**
   * Encodes `diff`, whose pre-state `lookup` must show, and assigns ids to its
   * new keys. Call exactly once per diff, in stream order: the output is only
   * decodable by a decoder that has decoded every earlier output.
   */
  encode(diff: StateDiff): Uint8Array
  /**
   * Moves the tables past `diff` without encoding it (ids depend only on the
   * keys in the stream): rebuilds tables from a log of v1 diffs, e.g. after a
   * restart from a snapshot, without needing pre-state.
   */
  advance(diff: StateDiff): void
  /** The id tables, for a snapshot taken at the same stream position as the state. */
  exportTables(): Uint8Array
  /** Replaces the id tables with `exportTables` output; throws `DecodeError`. */
  importTables(bytes: Uint8Array): void
  stats(): DiffTablesStats
}

/** Creates the encoder side of the compact diff format (v2). */
export function createDiffEncoder(lookup: PreStateLookup, init: DiffTablesInit = {}): DiffEncoder {
  let tables = initialTables(init)
  return {
    encode: (diff) => tables.atomically(() => encodeAccounts(tables, lookup, diff)),
    advance: (diff) => tables.advance(diff),
    exportTables: () => tables.export(),
    importTables(bytes) {
      tables = IdTables.import(bytes)
    },
    stats: () => ({ accounts: tables.accountCount, slots: tables.slotCount, bytes: tables.byteLength }),
  }
}

export function initialTables(init: DiffTablesInit): IdTables {
  if (init.tables) return IdTables.import(init.tables)
  return IdTables.fromGenesis(init.genesis ?? [])
}

function encodeAccounts(tables: IdTables, lookup: PreStateLookup, diff: StateDiff): Uint8Array {
  const w = new ByteWriter(WHAT, 16 + diff.accounts.length * 48)
  w.u8(COMPACT_DIFF_VERSION, 'version')
  w.varint(diff.accounts.length, 'accounts')
  for (const account of diff.accounts) {
    const address = account.address
    if (address.length !== 20) w.fail('account.address', `expected 20 bytes, got ${address.length}`)
    let id = tables.accountId(address)
    if (id < 0) {
      w.varint(0, 'account.ref')
      w.raw(address)
      id = tables.addAccount(address)
    } else {
      w.varint(id + 1, 'account.ref')
    }

    const pre = lookup.account(address)
    const preNonce = pre?.nonce ?? 0n
    const preBalance = pre?.balance ?? 0n
    const preCodeHash = pre?.codeHash ?? EMPTY_CODE_HASH
    if (account.codeHash.length !== 32)
      w.fail('account.codeHash', `expected 32 bytes, got ${account.codeHash.length}`)

    let flags = 0
    if (account.deleted) flags |= DELETED
    if (account.storageCleared) flags |= STORAGE_CLEARED
    const code = account.code
    if (code !== undefined) flags |= HAS_CODE
    const impliedHash = code !== undefined ? keccak_256(code) : preCodeHash
    const sendHash = !equalBytes(account.codeHash, impliedHash)
    if (sendHash) flags |= HAS_CODE_HASH

    let nonceMode = NONCE_EXPLICIT
    if (account.nonce === preNonce) nonceMode = NONCE_SAME
    else if (account.nonce === preNonce + 1n) nonceMode = NONCE_INCREMENT
    flags |= nonceMode << NONCE_SHIFT

    checkU256(w, account.balance, 'account.balance')
    // chooseValue never answers VALUE_ZERO, so mode 0 is free to mean "unchanged".
    const balance = chooseValue(account.balance, preBalance)
    const balanceMode = account.balance === preBalance ? BALANCE_SAME : balance.mode
    flags |= balanceMode << BALANCE_SHIFT

    w.u8(flags, 'account.flags')
    if (nonceMode === NONCE_EXPLICIT) w.u64(account.nonce, 'account.nonce')
    if (balanceMode !== BALANCE_SAME) writePacked(w, balance.packed, 'account.balance')
    if (sendHash) w.raw(account.codeHash)
    if (code !== undefined) w.bytes(code)

    const storage = account.storage
    w.varint(storage.length, 'account.storage')
    for (const change of storage) {
      const slot = change.slot
      if (slot.length !== 32) w.fail('storage.slot', `expected 32 bytes, got ${slot.length}`)
      checkU256(w, change.value, 'storage.value')
      const slotId = tables.slotId(id, slot)
      const value = change.value === 0n ? ZERO : chooseValue(change.value, lookup.storage(address, slot))
      w.varint((slotId < 0 ? 0 : slotId + 1) * 4 + value.mode, 'storage.ref')
      if (slotId < 0) {
        w.raw(slot)
        tables.addSlot(id, slot)
      }
      if (value.mode !== VALUE_ZERO) writePacked(w, value.packed, 'storage.value')
    }
  }
  return w.finish()
}

type Choice = { mode: number; packed: bigint }
const ZERO: Choice = { mode: VALUE_ZERO, packed: 0n }

function checkU256(w: ByteWriter, value: bigint, field: string): void {
  if (value < 0n || value >> 256n !== 0n) w.fail(field, `${value} is outside uint256`)
}

/**
 * The shorter of the full value and its distance up or down from `pre` (ties
 * go to the full value). Packing a large round value costs a few bigint
 * divisions, so when the distance already fits 3 bytes and the value is past
 * 2^53 the full value is not tried: it could only win when it is as round as
 * 10^24, which balances and token amounts after a transaction rarely are.
 */
function chooseValue(value: bigint, pre: bigint): Choice {
  if (value === pre) return { mode: VALUE_PLUS, packed: 0n }
  const delta = value > pre ? packScaled(value - pre) : packScaled(pre - value)
  const deltaLength = packedLength(delta)
  const byDelta = { mode: value > pre ? VALUE_PLUS : VALUE_MINUS, packed: delta }
  if (deltaLength <= 3 && value > MAX_SAFE) return byDelta
  const full = packScaled(value)
  return deltaLength < packedLength(full) ? byDelta : { mode: VALUE_FULL, packed: full }
}
