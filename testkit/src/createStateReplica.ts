import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesFromHex, hexFromBytes } from '@rtevm/node'
import type { StateDiff } from '@rtevm/protocol'

/** One account of a state dump; `storage` maps 64-char slot hex to non-zero values. */
export type AccountDump = {
  nonce: bigint
  balance: bigint
  codeHash: Uint8Array
  storage: Map<string, bigint>
}

/** A whole state: accounts by 40-char lowercase address hex, code by 64-char code hash hex. */
export type StateDump = {
  accounts: Map<string, AccountDump>
  code: Map<string, Uint8Array>
}

/** Entries of a diff that changed nothing: a minimal diff has none. */
export type RedundantEntries = {
  accounts: string[]
  slots: string[]
}

/**
 * A follower's view of the chain built only from the stream: genesis, then
 * every mini-block's state diff. Deliberately naive (plain maps, no journal)
 * so it can serve as the model the sequencer's state is compared with.
 */
export type StateReplica = {
  readonly state: StateDump
  /** Applies one mini-block's diff; throws on a diff a follower could not apply. */
  applyDiff(diff: StateDiff): RedundantEntries
}

const EMPTY_CODE_HASH = 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'

export function createStateReplica(genesis: readonly { address: string; balance: bigint }[]): StateReplica {
  const state: StateDump = { accounts: new Map(), code: new Map() }
  for (const { address, balance } of genesis) {
    state.accounts.set(address.replace(/^0x/, '').toLowerCase(), {
      nonce: 0n,
      balance,
      codeHash: bytesFromHex(EMPTY_CODE_HASH),
      storage: new Map(),
    })
  }

  return {
    state,
    applyDiff(diff) {
      const redundant: RedundantEntries = { accounts: [], slots: [] }
      const seen = new Set<string>()
      for (const change of diff.accounts) {
        const address = hexFromBytes(change.address)
        if (change.address.length !== 20) throw new RangeError(`diff account ${address} is not 20 bytes`)
        if (seen.has(address)) throw new RangeError(`diff lists account ${address} twice`)
        seen.add(address)
        const before = state.accounts.get(address)
        if (change.deleted) {
          if (!before) redundant.accounts.push(address)
          state.accounts.delete(address)
          continue
        }
        const codeHash = hexFromBytes(change.codeHash)
        if (change.code) {
          const actual = hexFromBytes(keccak_256(change.code))
          if (actual !== codeHash)
            throw new RangeError(`diff code of ${address} hashes to ${actual}, not ${codeHash}`)
          state.code.set(codeHash, change.code)
        }
        if (codeHash !== EMPTY_CODE_HASH && !state.code.has(codeHash)) {
          throw new RangeError(`diff gives ${address} code hash ${codeHash} but no code`)
        }
        const storage = change.storageCleared || !before ? new Map<string, bigint>() : before.storage
        let changedSlots = change.storageCleared && (before?.storage.size ?? 0) > 0
        for (const { slot, value } of change.storage) {
          const key = hexFromBytes(slot)
          if (slot.length !== 32) throw new RangeError(`diff slot ${key} of ${address} is not 32 bytes`)
          if ((storage.get(key) ?? 0n) === value) redundant.slots.push(`${address}/${key}`)
          else changedSlots = true
          if (value === 0n) storage.delete(key)
          else storage.set(key, value)
        }
        const sameFields =
          before !== undefined &&
          before.nonce === change.nonce &&
          before.balance === change.balance &&
          hexFromBytes(before.codeHash) === codeHash
        if (sameFields && !changedSlots) redundant.accounts.push(address)
        state.accounts.set(address, {
          nonce: change.nonce,
          balance: change.balance,
          codeHash: change.codeHash.slice(),
          storage,
        })
      }
      return redundant
    },
  }
}
