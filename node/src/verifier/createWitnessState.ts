import type { StateDiff, Witness } from '@rtevm/protocol'
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT, type Keccak } from '../commitment/index.ts'
import { bigIntToBytes, createRamState, hexFromBytes, type RamState } from '../state/index.ts'
import {
  createWitnessTries,
  hashKey,
  WitnessMissingKeyError,
  WitnessMissingNodeError,
} from '../witness/index.ts'
import { checkNodeSet } from './checkNodeSet.ts'

/**
 * The parent state of a block as far as its witness proves it, behind the
 * RAM state interface the executor runs on. Reads of keys the witness does
 * not cover throw WitnessMissingKeyError (and are remembered, since
 * EthereumJS may wrap the error); writes stay in RAM until `postStateRoot`.
 */
export type WitnessState = {
  readonly state: RamState
  /** The first key execution needed and the witness lacked, if any. */
  missing(): WitnessMissingKeyError | undefined
  /** Applies everything written since loading to the proven tries; returns the new state root. */
  postStateRoot(): Uint8Array
}

/** Checks the witness's node set, resolves every listed key from it, and loads them into RAM. */
export function createWitnessState(witness: Witness, keccak: Keccak): WitnessState {
  const nodes = checkNodeSet(witness.nodes, witness.parentStateRoot, keccak)
  const tries = createWitnessTries(
    witness.parentStateRoot,
    (_owner, hash, path) => {
      const node = nodes.get(hashKey(hash))
      if (node === undefined) throw new WitnessMissingNodeError(hash, path)
      return node
    },
    keccak,
  )
  const ram = createRamState()
  const accounts = new Set<string>()
  const slots = new Map<string, Set<string>>()
  // Accounts whose every slot is in RAM: absent or storage-less at the parent, or wiped since.
  const wholeStorage = new Set<string>()
  const storageAtParent = new Set<string>()

  for (const { address, slots: listed } of witness.accounts) {
    const key = hexFromBytes(address)
    accounts.add(key)
    const account = tries.account(address)
    if (account === undefined || sameBytes(account.storageRoot, EMPTY_TRIE_ROOT)) wholeStorage.add(key)
    else storageAtParent.add(key)
    if (account !== undefined) {
      ram.putAccount(key, { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash })
    }
    const covered = new Set<string>()
    slots.set(key, covered)
    for (const slot of listed) {
      const slotKey = hexFromBytes(slot)
      covered.add(slotKey)
      const value = account === undefined ? 0n : tries.storage(address, slot)
      if (value !== 0n) ram.putStorage(key, slotKey, bigIntToBytes(value))
    }
  }
  for (const code of witness.codes) ram.putCode(keccak.hash(code), code)
  // The loaded values are the starting point, not changes.
  ram.takeDiff()

  let missing: WitnessMissingKeyError | undefined
  function miss(kind: 'account' | 'slot' | 'code', key: string): never {
    const error = new WitnessMissingKeyError(kind, key)
    missing ??= error
    throw error
  }
  const emptyCode = hexFromBytes(EMPTY_CODE_HASH)

  const state: RamState = {
    ...ram,
    getAccount(address) {
      if (!accounts.has(address)) miss('account', `0x${address}`)
      return ram.getAccount(address)
    },
    putAccount(address, account) {
      accounts.add(address)
      if (account === undefined) wholeStorage.add(address)
      ram.putAccount(address, account)
    },
    getStorage(address, slot) {
      if (!wholeStorage.has(address) && !slots.get(address)?.has(slot)) miss('slot', `0x${address} 0x${slot}`)
      return ram.getStorage(address, slot)
    },
    putStorage(address, slot, value) {
      let covered = slots.get(address)
      if (covered === undefined) {
        covered = new Set()
        slots.set(address, covered)
      }
      covered.add(slot)
      ram.putStorage(address, slot, value)
    },
    clearStorage(address) {
      wholeStorage.add(address)
      storageAtParent.delete(address)
      ram.clearStorage(address)
    },
    hasStorage(address) {
      if (!accounts.has(address)) miss('account', `0x${address}`)
      return storageAtParent.has(address) || ram.hasStorage(address)
    },
    getCode(codeHash) {
      const code = ram.getCode(codeHash)
      if (code === undefined && hexFromBytes(codeHash) !== emptyCode)
        miss('code', `0x${hexFromBytes(codeHash)}`)
      return code
    },
  }

  return {
    state,
    missing: () => missing,
    postStateRoot: () => tries.applyDiff(ram.takeDiff() satisfies StateDiff),
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
