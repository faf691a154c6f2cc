import { keccak_256 } from '@noble/hashes/sha3.js'
import { UnsupportedVersionError } from '../../errors/index.ts'
import type { AccountDiff, StateDiff, StorageChange } from '../../types/index.ts'
import { ByteReader } from '../ByteReader.ts'
import { type DiffTablesInit, type DiffTablesStats, initialTables } from './createDiffEncoder.ts'
import {
  BALANCE_SAME,
  BALANCE_SHIFT,
  DELETED,
  EMPTY_CODE_HASH,
  HAS_CODE,
  HAS_CODE_HASH,
  NONCE_EXPLICIT,
  NONCE_INCREMENT,
  NONCE_SHIFT,
  STORAGE_CLEARED,
  VALUE_FULL,
  VALUE_MINUS,
  VALUE_PLUS,
  VALUE_ZERO,
} from './flags.ts'
import { COMPACT_DIFF_VERSION, IdTables } from './idTables.ts'
import type { PreStateLookup } from './PreStateLookup.ts'
import { readScaled } from './scaledInt.ts'

const WHAT = 'compact state diff'
const MAX_U64 = (1n << 64n) - 1n
const MAX_U256 = (1n << 256n) - 1n
/** Account ref, flags and storage count: the least an account occupies. */
const MIN_ACCOUNT_BYTES = 3

/** Decodes compact state diffs, in stream order, against the follower's state and the ids seen so far. */
export type DiffDecoder = {
  /**
   * Decodes one `DiffEncoder.encode` output against the pre-state `lookup`
   * shows, so apply the result before decoding the next. Throws `DecodeError`
   * (malformed input, unknown id, a value out of range, trailing bytes) or
   * `UnsupportedVersionError`, and then leaves the id tables unchanged.
   */
  decode(bytes: Uint8Array): StateDiff
  /** Moves the tables past a diff received some other way (a v1 frame while catching up from the log). */
  advance(diff: StateDiff): void
  exportTables(): Uint8Array
  importTables(bytes: Uint8Array): void
  stats(): DiffTablesStats
}

/** Creates the decoder side of the compact diff format (v2). */
export function createDiffDecoder(lookup: PreStateLookup, init: DiffTablesInit = {}): DiffDecoder {
  let tables = initialTables(init)
  return {
    decode: (bytes) => tables.atomically(() => decodeWith(tables, lookup, bytes)),
    advance: (diff) => tables.advance(diff),
    exportTables: () => tables.export(),
    importTables(bytes) {
      tables = IdTables.import(bytes)
    },
    stats: () => ({ accounts: tables.accountCount, slots: tables.slotCount, bytes: tables.byteLength }),
  }
}

function decodeWith(tables: IdTables, lookup: PreStateLookup, bytes: Uint8Array): StateDiff {
  const r = new ByteReader(bytes, WHAT)
  const version = r.u8('version')
  if (version !== COMPACT_DIFF_VERSION) throw new UnsupportedVersionError(WHAT, version)
  const count = r.count(MIN_ACCOUNT_BYTES, 'accounts')
  const accounts: AccountDiff[] = []
  for (let i = 0; i < count; i++) {
    const ref = r.varint('account.ref')
    let id: number
    let address: Uint8Array
    if (ref === 0) {
      address = r.fixed(20, 'account.address')
      if (tables.accountId(address) >= 0) r.fail('account.address', 'sent in full but already has an id')
      id = tables.addAccount(address)
    } else {
      id = ref - 1
      address = tables.address(id) ?? r.fail('account.ref', `unknown account id ${id}`)
    }
    const flags = r.u8('account.flags')
    const nonceMode = (flags >> NONCE_SHIFT) & 3
    if (nonceMode === 3) r.fail('account.flags', 'unknown nonce mode 3')
    const balanceMode = (flags >> BALANCE_SHIFT) & 3

    const pre = lookup.account(address)
    let nonce = pre?.nonce ?? 0n
    if (nonceMode === NONCE_INCREMENT) {
      nonce += 1n
      if (nonce > MAX_U64) r.fail('account.nonce', 'increment past uint64')
    } else if (nonceMode === NONCE_EXPLICIT) {
      nonce = r.u64('account.nonce')
    }
    const balance =
      balanceMode === BALANCE_SAME
        ? (pre?.balance ?? 0n)
        : readValue(r, balanceMode, pre?.balance ?? 0n, 'account.balance')
    const sentHash = flags & HAS_CODE_HASH ? r.fixed(32, 'account.codeHash') : undefined
    const code = flags & HAS_CODE ? r.bytes('account.code') : undefined
    const codeHash =
      sentHash ?? (code !== undefined ? keccak_256(code) : (pre?.codeHash ?? EMPTY_CODE_HASH).slice())

    const slotCount = r.count(1, 'account.storage')
    const storage: StorageChange[] = []
    for (let s = 0; s < slotCount; s++) {
      const token = r.varint('storage.ref')
      const mode = token % 4
      const slotRef = Math.floor(token / 4)
      let slot: Uint8Array
      if (slotRef === 0) {
        slot = r.fixed(32, 'storage.slot')
        if (tables.slotId(id, slot) >= 0) r.fail('storage.slot', 'sent in full but already has an id')
        tables.addSlot(id, slot)
      } else {
        slot = tables.slot(id, slotRef - 1) ?? r.fail('storage.ref', `unknown slot id ${slotRef - 1}`)
      }
      const value =
        mode === VALUE_ZERO ? 0n : readValue(r, mode, lookup.storage(address, slot), 'storage.value')
      storage.push({ slot, value })
    }

    const account: AccountDiff = {
      address,
      deleted: (flags & DELETED) !== 0,
      storageCleared: (flags & STORAGE_CLEARED) !== 0,
      nonce,
      balance,
      codeHash,
      storage,
    }
    if (code !== undefined) account.code = code
    accounts.push(account)
  }
  r.end()
  return { accounts }
}

function readValue(r: ByteReader, mode: number, pre: bigint, field: string): bigint {
  const amount = readScaled(r, field)
  if (mode === VALUE_FULL) return amount
  if (mode === VALUE_PLUS) {
    const value = pre + amount
    if (value > MAX_U256) r.fail(field, 'delta overflows uint256')
    return value
  }
  if (mode === VALUE_MINUS) {
    if (amount === 0n) r.fail(field, 'non-canonical zero delta')
    if (amount > pre) r.fail(field, 'delta underflows zero')
    return pre - amount
  }
  return r.fail(field, `unknown value mode ${mode}`)
}
