import type { AccountDiff, StateDiff } from '@rtevm/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bigIntToBytes, bytesFromHex, bytesToBigInt } from './bytes.ts'
import { createStateHistory, type StateAt } from './createStateHistory.ts'
import { createRamState, type RamState } from './RamState.ts'

const ADDRESSES = ['01', '02', '03'].map((b) => b.repeat(20))
const SLOTS = ['0a', '0b', '0c', '0d'].map((b) => b.repeat(32))
const CODE_HASH = new Uint8Array(32).fill(7)

/** What a reader sees of the whole key space: accounts and every slot, as plain values. */
type Picture = Record<string, string>

/** The live state read as a `StateAt`: the end of the newest block. */
const live = (state: RamState): StateAt => ({
  getAccount: state.getAccount,
  getStorage: state.getStorage,
  storageOf: state.storageOf,
  addresses: () => Array.from(state.accounts(), ([address]) => address),
})

function pictureOf(read: StateAt | RamState): Picture {
  if ('putAccount' in read) return pictureOf(live(read))
  const picture: Picture = { existing: [...read.addresses()].sort().join(',') }
  for (const address of ADDRESSES) {
    const account = read.getAccount(address)
    picture[address] = account ? `${account.nonce}/${account.balance}` : 'none'
    for (const slot of SLOTS)
      picture[`${address}:${slot}`] = String(bytesToBigInt(read.getStorage(address, slot)))
    const listed = [...read.storageOf(address)].filter(([, value]) => bytesToBigInt(value) !== 0n)
    picture[`${address}:all`] = listed
      .map(([slot, value]) => `${slot.slice(0, 2)}=${bytesToBigInt(value)}`)
      .sort()
      .join(',')
  }
  return picture
}

/** Applies a diff the way a replica does (applyStateDiff's order, without its code checks). */
function apply(state: RamState, diff: StateDiff) {
  for (const change of diff.accounts) {
    const address = Buffer.from(change.address).toString('hex')
    if (change.deleted) {
      state.putAccount(address, undefined)
      continue
    }
    if (change.storageCleared) state.clearStorage(address)
    for (const { slot, value } of change.storage) {
      state.putStorage(address, Buffer.from(slot).toString('hex'), bigIntToBytes(value))
    }
    state.putAccount(address, { nonce: change.nonce, balance: change.balance, codeHash: change.codeHash })
  }
}

const accountDiff: fc.Arbitrary<AccountDiff> = fc
  .record({
    address: fc.constantFrom(...ADDRESSES),
    kind: fc.constantFrom('write', 'write', 'write', 'wipe', 'delete'),
    nonce: fc.bigInt({ min: 0n, max: 3n }),
    balance: fc.bigInt({ min: 0n, max: 5n }),
    storage: fc.array(
      fc.record({ slot: fc.constantFrom(...SLOTS), value: fc.bigInt({ min: 0n, max: 3n }) }),
      { maxLength: 3 },
    ),
  })
  .map(({ address, kind, nonce, balance, storage }) => ({
    address: bytesFromHex(address),
    deleted: kind === 'delete',
    storageCleared: kind === 'wipe',
    nonce: kind === 'delete' ? 0n : nonce,
    balance: kind === 'delete' ? 0n : balance,
    codeHash: CODE_HASH,
    storage: kind === 'delete' ? [] : storage.map(({ slot, value }) => ({ slot: bytesFromHex(slot), value })),
  }))

/** Blocks of mini-blocks; a block may have none (an idle block). */
const chain = fc.array(fc.array(fc.array(accountDiff, { maxLength: 3 }), { maxLength: 3 }), {
  minLength: 1,
  maxLength: 12,
})

describe('createStateHistory', () => {
  it('reads and rewinds to the state at the end of every block, as a full copy taken then', () => {
    fc.assert(
      fc.property(chain, (blocks) => {
        const state = createRamState({ trackDiffs: false })
        const history = createStateHistory()
        const pictures = [pictureOf(state)]
        blocks.forEach((miniBlocks, index) => {
          const blockNumber = BigInt(index + 1)
          for (const accounts of miniBlocks) {
            history.record(state, { accounts }, blockNumber)
            apply(state, { accounts })
          }
          pictures.push(pictureOf(state))
        })
        for (let n = 0; n < pictures.length; n++) {
          expect(pictureOf(history.at(state, BigInt(n)))).toEqual(pictures[n])
          state.checkpoint()
          history.rewind(state, BigInt(n))
          expect(pictureOf(state)).toEqual(pictures[n])
          state.revert()
        }
        expect(pictureOf(state)).toEqual(pictures[pictures.length - 1])
      }),
      { seed: 7, numRuns: 300 },
    )
  })

  it('drops the oldest blocks past the window and refuses reads there with NOT_FOUND naming the window', () => {
    const state = createRamState({ trackDiffs: false })
    const history = createStateHistory({ blocks: 3 })
    const address = ADDRESSES[0]
    for (let block = 1n; block <= 10n; block++) {
      const diff = {
        accounts: [
          {
            address: bytesFromHex(address),
            deleted: false,
            storageCleared: false,
            nonce: block,
            balance: block,
            codeHash: CODE_HASH,
            storage: [],
          },
        ],
      }
      history.record(state, diff, block)
      apply(state, diff)
    }
    expect(history.oldestBlock()).toBe(7n)
    expect(history.at(state, 7n).getAccount(address)?.nonce).toBe(7n)
    expect(history.stats().blocks).toBe(3)
    expect(() => history.at(state, 6n)).toThrow(
      /block 6 is outside this node's history window, which starts at block 7/,
    )
    expect(() => history.rewind(state, 6n)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }))
  })

  it('keeps nothing with a window of 0 blocks: only the newest state is readable', () => {
    const state = createRamState({ trackDiffs: false })
    const history = createStateHistory({ blocks: 0 })
    history.record(state, { accounts: [] }, 5n)
    expect(history.stats()).toEqual({ blocks: 0, bytes: 0 })
    expect(() => history.at(state, 4n)).toThrow(/outside/)
    expect(history.at(state, 5n).getAccount(ADDRESSES[0])).toBeUndefined()
  })
})
