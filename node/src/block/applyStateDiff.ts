import { keccak_256 } from '@noble/hashes/sha3.js'
import type { StateDiff } from '@rtevm/protocol'
import { EMPTY_CODE_HASH } from '../commitment/index.ts'
import { bigIntToBytes, hexFromBytes, type RamState } from '../state/index.ts'
import { ReplicaMismatchError } from './errors.ts'

/**
 * Brings `state` to a mini-block's post-state without executing: accounts are
 * put or deleted (a deleted account drops its storage), storage is wiped when
 * `storageCleared`, then slots are set (zero clears), and new code is stored
 * by its hash.
 *
 * The state root does not cover code bytes, only their hash, so new code is
 * hashed here; everything else is checked by the block's state root.
 * Throws ReplicaMismatchError (field `code`) and may leave the diff half
 * applied: the caller halts.
 */
export function applyStateDiff(state: RamState, diff: StateDiff, blockNumber: bigint): void {
  for (const change of diff.accounts) {
    const address = hexFromBytes(change.address)
    if (change.deleted) {
      state.clearStorage(address)
      state.putAccount(address, undefined)
      continue
    }
    if (change.storageCleared) state.clearStorage(address)
    if (change.code) {
      const hash = keccak_256(change.code)
      if (!equal(hash, change.codeHash)) {
        throw new ReplicaMismatchError(
          blockNumber,
          `code of 0x${address}`,
          `0x${hexFromBytes(change.codeHash)}`,
          `0x${hexFromBytes(hash)}`,
        )
      }
      state.putCode(change.codeHash, change.code)
    } else if (!equal(change.codeHash, EMPTY_CODE_HASH) && state.getCode(change.codeHash) === undefined) {
      throw new ReplicaMismatchError(
        blockNumber,
        `code of 0x${address}`,
        `0x${hexFromBytes(change.codeHash)}`,
        'no code with that hash',
      )
    }
    for (const { slot, value } of change.storage) {
      state.putStorage(address, hexFromBytes(slot), bigIntToBytes(value))
    }
    state.putAccount(address, { nonce: change.nonce, balance: change.balance, codeHash: change.codeHash })
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
