import { keccak_256 } from '@noble/hashes/sha3.js'
import type { AccountDiff, StateDiff, StorageChange } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { decodeVersioned, encodeVersioned } from './versioned.ts'

const WHAT = 'state diff'
const DELETED = 1
const STORAGE_CLEARED = 2
const HAS_CODE = 4
/** Most touched accounts are EOAs: a flag bit stands in for their 32-byte code hash. */
const EMPTY_CODE = 8
const ALL_FLAGS = DELETED | STORAGE_CLEARED | HAS_CODE | EMPTY_CODE
/** Address, flags, nonce, balance and storage count: the least an account can occupy. */
const MIN_ACCOUNT_BYTES = 24
/** Slot plus a one-byte value. */
const MIN_SLOT_BYTES = 33
const EMPTY_CODE_HASH = keccak_256(new Uint8Array(0))

/**
 * Encodes a state diff, v1: `[version] count (address flags nonce balance
 * codeHash? code? count (slot value)*)*`. Nonces are varints, balances and
 * slot values are minimal big-endian with a length byte, and the code hash is
 * omitted for code-less accounts.
 */
export function encodeStateDiff(diff: StateDiff): Uint8Array {
  return encodeVersioned(WHAT, diff, writeStateDiff, estimateStateDiffSize(diff))
}

/** Decodes `encodeStateDiff` output; throws `DecodeError` or `UnsupportedVersionError`. */
export function decodeStateDiff(bytes: Uint8Array): StateDiff {
  return decodeVersioned(bytes, WHAT, readStateDiff)
}

/** A generous size guess so encoding rarely grows its buffer. */
export function estimateStateDiffSize(diff: StateDiff): number {
  let size = 8
  for (const account of diff.accounts) {
    size += 96 + account.storage.length * 66 + (account.code?.length ?? 0)
  }
  return size
}

/** Writes a state diff body (no version byte). */
export function writeStateDiff(w: ByteWriter, diff: StateDiff): void {
  const accounts = diff.accounts
  w.varint(accounts.length, 'accounts')
  for (const account of accounts) {
    w.fixed(account.address, 20, 'account.address')
    const emptyCode = isEmptyCodeHash(account.codeHash)
    let flags = 0
    if (account.deleted) flags |= DELETED
    if (account.storageCleared) flags |= STORAGE_CLEARED
    if (account.code !== undefined) flags |= HAS_CODE
    if (emptyCode) flags |= EMPTY_CODE
    w.u8(flags, 'account.flags')
    w.u64(account.nonce, 'account.nonce')
    w.uint256(account.balance, 'account.balance')
    if (!emptyCode) w.fixed(account.codeHash, 32, 'account.codeHash')
    if (account.code !== undefined) w.bytes(account.code)
    const storage = account.storage
    w.varint(storage.length, 'account.storage')
    for (const change of storage) {
      w.fixed(change.slot, 32, 'storage.slot')
      w.uint256(change.value, 'storage.value')
    }
  }
}

/** Reads a state diff body (no version byte). */
export function readStateDiff(r: ByteReader): StateDiff {
  const count = r.count(MIN_ACCOUNT_BYTES, 'accounts')
  const accounts: AccountDiff[] = []
  for (let i = 0; i < count; i++) {
    const address = r.fixed(20, 'account.address')
    const flags = r.flags(ALL_FLAGS, 'account.flags')
    const nonce = r.u64('account.nonce')
    const balance = r.uint256('account.balance')
    const codeHash = flags & EMPTY_CODE ? EMPTY_CODE_HASH.slice() : r.fixed(32, 'account.codeHash')
    const code = flags & HAS_CODE ? r.bytes('account.code') : undefined
    const slotCount = r.count(MIN_SLOT_BYTES, 'account.storage')
    const storage: StorageChange[] = []
    for (let s = 0; s < slotCount; s++) {
      storage.push({ slot: r.fixed(32, 'storage.slot'), value: r.uint256('storage.value') })
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
  return { accounts }
}

function isEmptyCodeHash(hash: Uint8Array): boolean {
  if (hash.length !== 32) return false
  for (let i = 0; i < 32; i++) if (hash[i] !== EMPTY_CODE_HASH[i]) return false
  return true
}
