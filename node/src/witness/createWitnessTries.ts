import type { StateDiff } from '@rtevm/protocol'
import { decodeRlp, encodeRlp } from '@rtevm/protocol/rlp'
import { EMPTY_TRIE_ROOT, type Keccak } from '../commitment/index.ts'
import { bigIntToBytes, bytesToBigInt } from '../state/index.ts'
import { createPartialTrie, type NodeResolver, type PartialTrie } from './createPartialTrie.ts'
import { WitnessInvalidError } from './errors.ts'
import { hashKey } from './hashKey.ts'

/** An account as its trie leaf holds it. */
export type ProvenAccount = {
  nonce: bigint
  balance: bigint
  storageRoot: Uint8Array
  codeHash: Uint8Array
}

/**
 * The state trie and the storage tries of one parent state root, as far as
 * `resolve` can load them: reads of accounts and slots, and the post-state
 * root once a block's diff is applied. Shared by the witness builder (which
 * resolves from the full commitment) and the verifier (which resolves from
 * the witness only).
 */
export type WitnessTries = {
  /** The account at the parent root; undefined when proven absent. */
  account(address: Uint8Array): ProvenAccount | undefined
  /** A slot at the parent root; 0n when proven absent. */
  storage(address: Uint8Array, slot: Uint8Array): bigint
  /** Applies a block's merged diff (as the sequencer's commitDiffTo does) and returns the new state root. */
  applyDiff(diff: StateDiff): Uint8Array
}

/** `resolve` also receives which trie asks: null for the account trie, else the account's address. */
export type TrieNodeResolver = (
  owner: Uint8Array | null,
  ...at: Parameters<NodeResolver>
) => ReturnType<NodeResolver>

export function createWitnessTries(
  parentRoot: Uint8Array,
  resolve: TrieNodeResolver,
  keccak: Keccak,
): WitnessTries {
  const accounts = createPartialTrie({ root: parentRoot, resolve: (h, p) => resolve(null, h, p), keccak })
  const storageTries = new Map<string, PartialTrie>()
  // Parent-root accounts by address: storage reads ask for the same account's root again and again.
  const parentAccounts = new Map<string, ProvenAccount | undefined>()

  function account(address: Uint8Array): ProvenAccount | undefined {
    const id = hashKey(address)
    if (parentAccounts.has(id)) return parentAccounts.get(id)
    const leaf = accounts.get(keccak.hash(address))
    const proven = leaf === undefined ? undefined : decodeAccount(leaf)
    parentAccounts.set(id, proven)
    return proven
  }

  function storageTrie(address: Uint8Array, root: Uint8Array): PartialTrie {
    const id = hashKey(address)
    let trie = storageTries.get(id)
    if (trie === undefined) {
      trie = createPartialTrie({ root, resolve: (h, p) => resolve(address, h, p), keccak })
      storageTries.set(id, trie)
    }
    return trie
  }

  function storage(address: Uint8Array, slot: Uint8Array): bigint {
    const root = account(address)?.storageRoot ?? EMPTY_TRIE_ROOT
    if (sameBytes(root, EMPTY_TRIE_ROOT)) return 0n
    const leaf = storageTrie(address, root).get(keccak.hash(slot))
    return leaf === undefined ? 0n : decodeSlot(leaf)
  }

  // Puts before deletes, deletes in key order: which sibling nodes a branch
  // collapse loads depends on the order, and builder and verifier must agree.
  function applyDiff(diff: StateDiff): Uint8Array {
    const deleted: Uint8Array[] = []
    for (const change of diff.accounts) {
      const key = keccak.hash(change.address)
      if (change.deleted) {
        deleted.push(key)
        continue
      }
      const parentStorage = change.storageCleared
        ? EMPTY_TRIE_ROOT
        : (account(change.address)?.storageRoot ?? EMPTY_TRIE_ROOT)
      let storageRoot = parentStorage
      if (change.storage.length > 0) {
        const trie = change.storageCleared
          ? createPartialTrie({
              root: EMPTY_TRIE_ROOT,
              resolve: (h, p) => resolve(change.address, h, p),
              keccak,
            })
          : storageTrie(change.address, parentStorage)
        const cleared: Uint8Array[] = []
        for (const { slot, value } of change.storage) {
          if (value === 0n) cleared.push(keccak.hash(slot))
          else trie.put(keccak.hash(slot), encodeRlp(bigIntToBytes(value)))
        }
        for (const slotKey of sortedKeys(cleared)) trie.del(slotKey)
        storageRoot = trie.root()
      }
      accounts.put(
        key,
        encodeRlp([bigIntToBytes(change.nonce), bigIntToBytes(change.balance), storageRoot, change.codeHash]),
      )
    }
    for (const key of sortedKeys(deleted)) accounts.del(key)
    return accounts.root()
  }

  return { account, storage, applyDiff }
}

function decodeAccount(leaf: Uint8Array): ProvenAccount {
  let fields: unknown
  try {
    fields = decodeRlp(leaf, 'account leaf')
  } catch (cause) {
    throw new WitnessInvalidError('an account leaf is not valid RLP', { cause })
  }
  if (!Array.isArray(fields) || fields.length !== 4 || !fields.every((f) => f instanceof Uint8Array))
    throw new WitnessInvalidError('an account leaf is not [nonce, balance, storageRoot, codeHash]')
  const [nonce, balance, storageRoot, codeHash] = fields as Uint8Array[]
  if (storageRoot.length !== 32 || codeHash.length !== 32)
    throw new WitnessInvalidError('an account leaf with a root or code hash not of 32 bytes')
  // Copies: decoded byte strings are views into the leaf.
  return {
    nonce: bytesToBigInt(nonce),
    balance: bytesToBigInt(balance),
    storageRoot: storageRoot.slice(),
    codeHash: codeHash.slice(),
  }
}

function decodeSlot(leaf: Uint8Array): bigint {
  let value: unknown
  try {
    value = decodeRlp(leaf, 'storage leaf')
  } catch (cause) {
    throw new WitnessInvalidError('a storage leaf is not valid RLP', { cause })
  }
  if (!(value instanceof Uint8Array) || value.length > 32)
    throw new WitnessInvalidError('a storage leaf is not a uint256')
  return bytesToBigInt(value)
}

function sortedKeys(keys: Uint8Array[]): Uint8Array[] {
  return keys.sort((a, b) => Buffer.compare(a, b))
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
