import type { AccountProof, StorageProof } from '@rtevm/protocol'
import { type AccountFields, type AccountLeaf, accountCodec, assertAccountFields } from './accountCodec.ts'
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from './constants.ts'
import { createKeccak } from './createKeccak.ts'
import { createMerkleTrie, type MerkleTrie } from './createMerkleTrie.ts'
import { InvalidStateInputError, OrphanStorageError } from './errors.ts'
import { assertStorageValue, storageCodec } from './storageCodec.ts'

/**
 * Ethereum's state root over state held in RAM: one secure account trie plus
 * one secure storage trie per account (keys keccak256(address) and
 * keccak256(slot)). Feed it each block's changes, then call `root()` once:
 * only the storage tries and accounts touched since the previous root are
 * re-hashed.
 */
export type StateCommitment = {
  /**
   * Sets an account's fields, or deletes it (and its storage) with null.
   * `codeHash` is kept by reference: do not mutate it afterwards.
   */
  applyAccount(address: Uint8Array, account: AccountFields | null): void
  /** Sets one storage slot (32-byte raw slot); zero deletes it. */
  applyStorage(address: Uint8Array, slot: Uint8Array, value: bigint): void
  /** Deletes all storage of an account (self-destruct, or re-creation at the same address). */
  clearStorage(address: Uint8Array): void
  /**
   * The state root. Throws OrphanStorageError if an account that does not
   * exist still has storage.
   */
  root(): Uint8Array
  /** The storage root of one account as currently applied; the empty root when it has none. */
  storageRoot(address: Uint8Array): Uint8Array
  /** Proof of an account and some of its slots against the current `root()`. */
  prove(address: Uint8Array, slots: Uint8Array[]): AccountProof
}

/** One account's commitment state; it is also the account trie's leaf value (see accountCodec). */
type Entry = AccountLeaf & {
  address: Uint8Array
  /** keccak256(address), the account trie key; cached since the same accounts recur. */
  hashedKey: Uint8Array
  /** False while the account does not exist (never created, or deleted). */
  exists: boolean
  storage: MerkleTrie<bigint> | null
  /** Set when `storage` changed since `storageRoot` was computed. */
  storageDirty: boolean
  /** On the `dirty` list: the account trie needs this entry re-put. */
  dirty: boolean
}

/** Creates an empty state commitment (the state root of no accounts is the empty root). */
export function createStateCommitment(): StateCommitment {
  // One hasher for every trie: commits run one after another, never interleaved.
  const keccak = createKeccak()
  const accountTrie = createMerkleTrie({ keccak, codec: accountCodec })
  const entries = new Map<string, Entry>()
  let dirty: Entry[] = []
  // keccak256(slot) lands here: the storage trie copies it only for a new slot.
  const slotKey = new Uint8Array(32)
  const slotKeyWords = new Int32Array(slotKey.buffer)

  function hashSlot(slot: Uint8Array): Uint8Array {
    if (slot.length !== 32) throw new InvalidStateInputError('slot', `${slot.length} bytes, expected 32`)
    keccak.scratch(32).set(slot)
    const words = keccak.digestWords(32)
    for (let i = 0; i < 8; i++) slotKeyWords[i] = words[i]
    return slotKey
  }

  // The entry used last: runs of writes to one contract's storage then skip
  // building a string key and hashing it (Map lookups showed in profiles).
  let last: Entry | undefined

  function findEntry(address: Uint8Array): Entry | undefined {
    if (last !== undefined && sameAddress(last.address, address)) return last
    const entry = entries.get(addressId(address))
    if (entry !== undefined) last = entry
    return entry
  }

  function entryOf(address: Uint8Array): Entry {
    let entry = findEntry(address)
    if (entry === undefined) {
      // Only writes that can leave state behind create entries (see root() for their removal).
      entry = {
        address: address.slice(),
        hashedKey: keccak.hash(address),
        exists: false,
        nonce: 0n,
        balance: 0n,
        codeHash: EMPTY_CODE_HASH,
        storageRoot: EMPTY_TRIE_ROOT,
        storage: null,
        storageDirty: false,
        dirty: false,
      }
      entries.set(addressId(address), entry)
      last = entry
    }
    return entry
  }

  function markDirty(entry: Entry): void {
    if (entry.dirty) return
    entry.dirty = true
    dirty.push(entry)
  }

  function commitStorage(entry: Entry): void {
    if (!entry.storageDirty) return
    entry.storageDirty = false
    if (entry.storage?.isEmpty()) entry.storage = null
    entry.storageRoot = entry.storage === null ? EMPTY_TRIE_ROOT : entry.storage.root()
  }

  function applyAccount(address: Uint8Array, account: AccountFields | null): void {
    if (account !== null) assertAccountFields(account)
    const entry = entryOf(address)
    if (account === null) {
      entry.exists = false
      if (entry.storage !== null) {
        entry.storage = null
        entry.storageDirty = true
      }
    } else {
      entry.exists = true
      entry.nonce = account.nonce
      entry.balance = account.balance
      entry.codeHash = account.codeHash
    }
    markDirty(entry)
  }

  function applyStorage(address: Uint8Array, slot: Uint8Array, value: bigint): void {
    assertStorageValue(value)
    const key = hashSlot(slot)
    if (value === 0n) {
      const entry = findEntry(address)
      if (entry === undefined || entry.storage === null) return
      entry.storage.del(key)
      entry.storageDirty = true
      markDirty(entry)
      return
    }
    const entry = entryOf(address)
    entry.storage ??= createMerkleTrie({ keccak, codec: storageCodec })
    entry.storage.put(key, value)
    entry.storageDirty = true
    markDirty(entry)
  }

  function clearStorage(address: Uint8Array): void {
    const entry = findEntry(address)
    if (entry === undefined || entry.storage === null) return
    entry.storage = null
    entry.storageDirty = true
    markDirty(entry)
  }

  function root(): Uint8Array {
    // Check before changing anything, so a throw leaves every pending change in place.
    for (const entry of dirty) {
      if (!entry.exists && entry.storage !== null && !entry.storage.isEmpty()) {
        throw new OrphanStorageError(hex(entry.address))
      }
    }
    for (const entry of dirty) {
      commitStorage(entry)
      if (entry.exists) {
        // The entry is the leaf value: re-putting it marks its path dirty.
        accountTrie.put(entry.hashedKey, entry)
      } else {
        accountTrie.del(entry.hashedKey)
        entries.delete(addressId(entry.address))
        if (last === entry) last = undefined
      }
      entry.dirty = false
    }
    dirty = []
    return accountTrie.root()
  }

  function storageRoot(address: Uint8Array): Uint8Array {
    const entry = findEntry(address)
    if (entry === undefined) return EMPTY_TRIE_ROOT.slice()
    commitStorage(entry)
    return entry.storageRoot.slice()
  }

  function prove(address: Uint8Array, slots: Uint8Array[]): AccountProof {
    root()
    const entry = findEntry(address)
    const storage = entry?.storage ?? null
    const storageProofs = slots.map((slot): StorageProof => {
      const key = hashSlot(slot)
      if (storage === null) return { slot: slot.slice(), value: 0n, proof: [] }
      return { slot: slot.slice(), value: storage.get(key) ?? 0n, proof: storage.prove(key) }
    })
    return {
      address: address.slice(),
      nonce: entry?.nonce ?? 0n,
      balance: entry?.balance ?? 0n,
      codeHash: (entry?.codeHash ?? EMPTY_CODE_HASH).slice(),
      storageRoot: (entry?.storageRoot ?? EMPTY_TRIE_ROOT).slice(),
      accountProof: accountTrie.prove(entry?.hashedKey ?? keccak.hash(address)),
      storageProofs,
    }
  }

  return { applyAccount, applyStorage, clearStorage, root, storageRoot, prove }
}

// A cheap Map key: the 20 address bytes as ten 16-bit code units, built in one call.
function addressId(a: Uint8Array): string {
  if (a.length !== 20) throw new InvalidStateInputError('address', `${a.length} bytes, expected 20`)
  return String.fromCharCode(
    (a[0] << 8) | a[1],
    (a[2] << 8) | a[3],
    (a[4] << 8) | a[5],
    (a[6] << 8) | a[7],
    (a[8] << 8) | a[9],
    (a[10] << 8) | a[11],
    (a[12] << 8) | a[13],
    (a[14] << 8) | a[15],
    (a[16] << 8) | a[17],
    (a[18] << 8) | a[19],
  )
}

function sameAddress(a: Uint8Array, b: Uint8Array): boolean {
  if (b.length !== 20) return false
  for (let i = 19; i >= 0; i--) if (a[i] !== b[i]) return false
  return true
}

function hex(bytes: Uint8Array): string {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
