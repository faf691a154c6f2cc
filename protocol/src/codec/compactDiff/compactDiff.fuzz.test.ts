import { keccak_256 } from '@noble/hashes/sha3.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../../errors/index.ts'
import type { AccountDiff, StateDiff } from '../../types/index.ts'
import * as arb from '../arbitraries.ts'
import { createDiffDecoder } from './createDiffDecoder.ts'
import { createDiffEncoder } from './createDiffEncoder.ts'
import type { PreStateLookup } from './PreStateLookup.ts'

type ModelAccount = { nonce: bigint; balance: bigint; codeHash: Uint8Array; storage: Map<string, bigint> }
type Model = Map<string, ModelAccount>

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** A follower's state as plain maps: the model the compact codec is relative to. */
function createModel(): {
  model: Model
  lookup: PreStateLookup
  apply(diff: StateDiff): void
  clone(): Model
} {
  const model: Model = new Map()
  return {
    model,
    lookup: {
      account: (address) => model.get(hex(address)),
      storage: (address, slot) => model.get(hex(address))?.storage.get(hex(slot)) ?? 0n,
    },
    apply(diff) {
      for (const a of diff.accounts) {
        const key = hex(a.address)
        if (a.deleted) {
          model.delete(key)
          continue
        }
        const before = model.get(key)
        const storage = a.storageCleared || !before ? new Map<string, bigint>() : before.storage
        for (const { slot, value } of a.storage) storage.set(hex(slot), value)
        model.set(key, { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash.slice(), storage })
      }
    },
    clone: () =>
      new Map(
        [...model].map(([k, v]) => [k, { ...v, codeHash: v.codeHash.slice(), storage: new Map(v.storage) }]),
      ),
  }
}

function lookupOf(model: Model): PreStateLookup {
  return {
    account: (address) => model.get(hex(address)),
    storage: (address, slot) => model.get(hex(address))?.storage.get(hex(slot)) ?? 0n,
  }
}

// Small pools so accounts and slots recur (ids get reused), mixed with fresh random keys.
const addressPool = Array.from({ length: 6 }, (_, i) => new Uint8Array(20).fill(i + 1))
const slotPool = Array.from({ length: 5 }, (_, i) => new Uint8Array(32).fill(i))
const poolAddress = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...addressPool).map((a) => a.slice()) },
  { weight: 1, arbitrary: arb.address },
)
const poolSlot = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...slotPool).map((s) => s.slice()) },
  { weight: 1, arbitrary: arb.hash },
)
const smallOrHuge = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), arb.u256, fc.constant(10n ** 24n))
const codeHashArb = fc.oneof(
  arb.hash,
  fc.constant(arb.EMPTY_CODE_HASH).map((h) => h.slice()),
)

const accountDiff: fc.Arbitrary<AccountDiff> = fc
  .tuple(
    fc.record(
      {
        address: poolAddress,
        deleted: fc.boolean(),
        storageCleared: fc.boolean(),
        nonce: fc.oneof(fc.bigInt({ min: 0n, max: 3n }), arb.u64),
        balance: smallOrHuge,
        codeHash: codeHashArb,
        storage: fc.array(fc.record({ slot: poolSlot, value: smallOrHuge }, { noNullPrototype: true }), {
          maxLength: 4,
        }),
      },
      { noNullPrototype: true },
    ),
    fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined }),
    fc.boolean(),
  )
  .map(([base, code, hashOfCode]) => {
    if (!code) return base
    // Deployments usually carry their own code hash (the implied case); sometimes not.
    return { ...base, code, codeHash: hashOfCode ? keccakOf(code) : base.codeHash }
  })

const keccakOf = (b: Uint8Array) => keccak_256(b)
const diffs = fc.array(
  fc.record({ accounts: fc.array(accountDiff, { maxLength: 5 }) }, { noNullPrototype: true }),
  {
    maxLength: 12,
  },
)

describe('compact state diff (v2)', () => {
  test('decode(encode(d)) == d over random diff sequences applied to a model state, and a follower can join from exported tables', () => {
    fc.assert(
      fc.property(diffs, fc.nat(12), (sequence, joinAt) => {
        const sender = createModel()
        const receiver = createModel()
        const encoder = createDiffEncoder(sender.lookup, { genesis: addressPool.slice(0, 2) })
        const decoder = createDiffDecoder(receiver.lookup, { genesis: addressPool.slice(0, 2) })
        let late:
          | { decoder: ReturnType<typeof createDiffDecoder>; model: Model; apply(d: StateDiff): void }
          | undefined
        sequence.forEach((diff, i) => {
          if (i === joinAt) {
            const snapshot = createModel()
            for (const [k, v] of receiver.clone()) snapshot.model.set(k, v)
            late = {
              decoder: createDiffDecoder(snapshot.lookup, { tables: decoder.exportTables() }),
              model: snapshot.model,
              apply: snapshot.apply,
            }
          }
          const bytes = encoder.encode(diff)
          const decoded = decoder.decode(bytes)
          expect(decoded).toEqual(diff)
          if (late) expect(late.decoder.decode(bytes)).toEqual(diff)
          sender.apply(diff)
          receiver.apply(decoded)
          late?.apply(decoded)
        })
        expect(decoder.exportTables()).toEqual(encoder.exportTables())
        // Tables depend only on the keys: replaying the diffs without encoding gives the same ones.
        const replayed = createDiffEncoder(lookupOf(new Map()), { genesis: addressPool.slice(0, 2) })
        for (const diff of sequence) replayed.advance(diff)
        expect(replayed.exportTables()).toEqual(encoder.exportTables())
        expect(decoder.stats()).toEqual(encoder.stats())
      }),
      { numRuns: 150 },
    )
  })

  test('random input and truncations fail with typed errors and leave the id tables unchanged', () => {
    fc.assert(
      fc.property(diffs, fc.uint8Array({ maxLength: 80 }), fc.nat(), (sequence, noise, cut) => {
        const sender = createModel()
        const receiver = createModel()
        const encoder = createDiffEncoder(sender.lookup)
        const decoder = createDiffDecoder(receiver.lookup)
        for (const diff of sequence) {
          const bytes = encoder.encode(diff)
          const tablesBefore = decoder.exportTables()
          for (const bad of [
            Uint8Array.of(2, ...noise),
            noise,
            bytes.subarray(0, cut % bytes.length),
            Uint8Array.of(...bytes, 0),
          ]) {
            try {
              decoder.decode(bad)
            } catch (error) {
              expect(error instanceof DecodeError || error instanceof UnsupportedVersionError).toBe(true)
              expect(decoder.exportTables()).toEqual(tablesBefore)
            }
          }
          // Noise that happened to decode may have assigned ids: resynchronise from the encoder's tables.
          decoder.importTables(tablesBefore)
          const decoded = decoder.decode(bytes)
          expect(decoded).toEqual(diff)
          sender.apply(diff)
          receiver.apply(decoded)
        }
      }),
      { numRuns: 100 },
    )
  })

  test('exported tables survive a round trip and reject garbage', () => {
    fc.assert(
      fc.property(diffs, fc.uint8Array({ maxLength: 60 }), (sequence, noise) => {
        const sender = createModel()
        const encoder = createDiffEncoder(sender.lookup)
        for (const diff of sequence) {
          encoder.encode(diff)
          sender.apply(diff)
        }
        const tables = encoder.exportTables()
        const copy = createDiffEncoder(lookupOf(new Map()), { tables })
        expect(copy.exportTables()).toEqual(tables)
        try {
          createDiffDecoder(lookupOf(new Map()), { tables: Uint8Array.of(2, ...noise) })
        } catch (error) {
          expect(error instanceof DecodeError).toBe(true)
        }
      }),
    )
  })
})
