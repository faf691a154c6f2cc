import { keccak_256 } from '@noble/hashes/sha3.js'
import { createStateReplica, type StateDump } from '@rtevm/testkit'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AccountRecord } from './AccountRecord.ts'
import { bigIntToBytes, bytesFromHex, bytesToBigInt } from './bytes.ts'
import { createRamState, type RamState } from './RamState.ts'

// Small pools, so that writes often land on the same keys and often restore an earlier value.
const ADDRESSES = ['11', '22', '33', '44'].map((b) => b.repeat(20))
const SLOTS = ['01', '02', 'ff', 'a0'].map((b) => b.padStart(64, '0'))
const CODES = [new Uint8Array(0), Uint8Array.of(0x60, 0x01), Uint8Array.of(0x60, 0x02, 0x00)]
const CODE_HASHES = CODES.map((code, i) =>
  i === 0
    ? bytesFromHex('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470')
    : keccak_256(code),
)

type Op =
  | { kind: 'putAccount'; address: number; nonce: bigint; balance: bigint; code: number }
  | { kind: 'deleteAccount'; address: number }
  | { kind: 'putStorage'; address: number; slot: number; value: bigint; padded: boolean }
  | { kind: 'clearStorage'; address: number }
  | { kind: 'checkpoint' }
  | { kind: 'commit' }
  | { kind: 'revert' }
  | { kind: 'takeDiff' }

const address = fc.nat({ max: ADDRESSES.length - 1 })
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('putAccount' as const),
      address,
      nonce: fc.bigInt({ min: 0n, max: 2n }),
      balance: fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.constant(2n ** 200n)),
      code: fc.nat({ max: CODES.length - 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteAccount' as const), address }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('putStorage' as const),
      address,
      slot: fc.nat({ max: SLOTS.length - 1 }),
      value: fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.constant((1n << 256n) - 1n)),
      padded: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clearStorage' as const), address }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'commit' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'revert' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'takeDiff' as const }) },
)

/** The naive model: plain maps, deep-copied on every checkpoint and restored on revert. */
type Model = { accounts: Map<string, AccountRecord>; storage: Map<string, Map<string, bigint>> }

const copy = (model: Model): Model => ({
  accounts: new Map(model.accounts),
  storage: new Map([...model.storage].map(([a, slots]) => [a, new Map(slots)])),
})

function expectSameAsModel(state: RamState, model: Model, counted = true) {
  if (counted) expect(state.accountCount()).toBe(model.accounts.size)
  for (const a of ADDRESSES) {
    expect(state.getAccount(a)).toEqual(model.accounts.get(a))
    const slots = model.storage.get(a) ?? new Map<string, bigint>()
    expect(state.hasStorage(a)).toBe(slots.size > 0)
    expect(state.storageOf(a)?.size ?? 0).toBe(slots.size)
    for (const s of SLOTS) expect(bytesToBigInt(state.getStorage(a, s))).toBe(slots.get(s) ?? 0n)
  }
}

function dumpOf(state: RamState): StateDump {
  const dump: StateDump = { accounts: new Map(), code: new Map() }
  for (const [a, record] of state.accounts()) {
    const storage = new Map([...(state.storageOf(a) ?? [])].map(([s, v]) => [s, bytesToBigInt(v)]))
    dump.accounts.set(a, { ...record, storage })
  }
  return dump
}

function run(ops: Op[]) {
  const state = createRamState()
  const replica = createStateReplica([])
  CODES.forEach((code, i) => {
    if (i > 0) state.putCode(CODE_HASHES[i], code)
  })
  let model: Model = { accounts: new Map(), storage: new Map() }
  const frames: Model[] = []

  // The state when the diff window opened: what `takeDiff`'s `before` must read.
  let windowStart: Model = copy(model)
  const takeDiff = () => {
    let sawBefore = false
    const diff = state.takeDiff((before) => {
      sawBefore = true
      const then = { ...state, ...before, hasStorage: (a: string) => before.storageOf(a).size > 0 }
      expectSameAsModel(then, windowStart, false)
    })
    expect(sawBefore).toBe(true)
    windowStart = copy(model)
    const redundant = replica.applyDiff(diff)
    expect(redundant, 'a minimal diff changes every key it lists').toEqual({ accounts: [], slots: [] })
    expect(replica.state.accounts).toEqual(dumpOf(state).accounts)
  }

  for (const op of ops) {
    switch (op.kind) {
      case 'putAccount': {
        const record = { nonce: op.nonce, balance: op.balance, codeHash: CODE_HASHES[op.code] }
        state.putAccount(ADDRESSES[op.address], record)
        model.accounts.set(ADDRESSES[op.address], record)
        break
      }
      case 'deleteAccount':
        // As the EthereumJS adapter deletes: storage first, then the account.
        state.clearStorage(ADDRESSES[op.address])
        state.putAccount(ADDRESSES[op.address], undefined)
        model.accounts.delete(ADDRESSES[op.address])
        model.storage.delete(ADDRESSES[op.address])
        break
      case 'putStorage': {
        // EVM storage belongs to existing accounts.
        const a = ADDRESSES[op.address]
        if (!model.accounts.has(a)) break
        const bytes = bigIntToBytes(op.value)
        state.putStorage(a, SLOTS[op.slot], op.padded && op.value === 0n ? new Uint8Array(32) : bytes)
        const slots = model.storage.get(a) ?? new Map<string, bigint>()
        if (op.value === 0n) slots.delete(SLOTS[op.slot])
        else slots.set(SLOTS[op.slot], op.value)
        if (slots.size > 0) model.storage.set(a, slots)
        else model.storage.delete(a)
        break
      }
      case 'clearStorage':
        state.clearStorage(ADDRESSES[op.address])
        model.storage.delete(ADDRESSES[op.address])
        break
      case 'checkpoint':
        state.checkpoint()
        frames.push(copy(model))
        break
      case 'commit':
        if (frames.length === 0) break
        state.commit()
        frames.pop()
        break
      case 'revert':
        if (frames.length === 0) break
        state.revert()
        model = frames.pop()!
        break
      case 'takeDiff':
        // Diffs are taken between transactions, never inside a frame.
        if (frames.length === 0) takeDiff()
        break
    }
    expect(state.depth()).toBe(frames.length)
    expectSameAsModel(state, model)
  }
  while (frames.length > 0) {
    state.revert()
    model = frames.pop()!
  }
  expectSameAsModel(state, model)
  takeDiff()
  expect(state.takeDiff()).toEqual({ accounts: [] })
}

describe('RamState against a copy-on-checkpoint model', () => {
  it('matches the model after every operation, and its diffs bring a replica to the same state', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => run(ops)),
      { numRuns: 400 },
    )
  })

  it('stays consistent over long runs with deep nesting', () => {
    const nested = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: opArb },
        { weight: 1, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
      ),
      { minLength: 300, maxLength: 600 },
    )
    fc.assert(
      fc.property(nested, (ops) => run(ops)),
      { numRuns: 15 },
    )
  })
})
