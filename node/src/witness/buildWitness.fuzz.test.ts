import type { AccountDiff, StateDiff } from '@rtevm/protocol'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { commitDiffTo } from '../block/index.ts'
import { createKeccak, createStateCommitment, EMPTY_CODE_HASH } from '../commitment/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { buildWitness } from './buildWitness.ts'
import { createWitnessTries } from './createWitnessTries.ts'
import { WitnessMissingNodeError } from './errors.ts'
import { hashKey } from './hashKey.ts'

const keccak = createKeccak()
const address = (i: number) => keccak.hash(Uint8Array.of(1, i)).slice(0, 20)
const slot = (i: number) => keccak.hash(Uint8Array.of(2, i))

const change = fc.record({
  account: fc.integer({ min: 0, max: 11 }),
  slot: fc.integer({ min: 0, max: 60 }),
  value: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1n << 200n })),
})
const scenario = fc.record({
  // Accounts 0..7 exist at the parent with some of slots 0..40.
  initial: fc.array(
    fc.record({ account: fc.integer({ min: 0, max: 7 }), slot: fc.integer({ min: 0, max: 40 }) }),
    {
      maxLength: 120,
    },
  ),
  changes: fc.array(change, { minLength: 1, maxLength: 80 }),
  deleted: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7], { maxLength: 3 }),
})

test('witness nodes alone let the verifier apply the block diff and reach the sequencer root', () => {
  fc.assert(
    fc.property(scenario, ({ initial, changes, deleted }) => {
      const commitment = createStateCommitment()
      const storage = new Map<number, Map<number, bigint>>()
      for (let a = 0; a < 8; a++) {
        commitment.applyAccount(address(a), { nonce: 1n, balance: BigInt(a), codeHash: EMPTY_CODE_HASH })
        storage.set(a, new Map())
      }
      for (const { account, slot: s } of initial) {
        commitment.applyStorage(address(account), slot(s), BigInt(s + 1))
        storage.get(account)?.set(s, BigInt(s + 1))
      }
      commitment.root()

      const diffs = new Map<number, AccountDiff>()
      for (const c of changes) {
        if (deleted.includes(c.account)) continue
        let diff = diffs.get(c.account)
        if (diff === undefined) {
          diff = {
            address: address(c.account),
            deleted: false,
            storageCleared: false,
            nonce: 2n,
            balance: 7n,
            codeHash: EMPTY_CODE_HASH,
            storage: [],
          }
          diffs.set(c.account, diff)
        }
        if (diff.storage.some((s) => s.slot.every((b, i) => b === slot(c.slot)[i]))) continue
        diff.storage.push({ slot: slot(c.slot), value: c.value })
        if (!storage.has(c.account)) storage.set(c.account, new Map())
        const slots = storage.get(c.account) as Map<number, bigint>
        if (c.value === 0n) slots.delete(c.slot)
        else slots.set(c.slot, c.value)
      }
      for (const a of deleted) {
        diffs.set(a, {
          address: address(a),
          deleted: true,
          storageCleared: false,
          nonce: 0n,
          balance: 0n,
          codeHash: EMPTY_CODE_HASH,
          storage: [],
        })
        storage.delete(a)
      }
      const diff: StateDiff = { accounts: [...diffs.values()] }
      const touched = {
        accounts: new Map(
          diff.accounts.map((d) => [
            hexFromBytes(d.address),
            new Set(d.storage.map((s) => hexFromBytes(s.slot))),
          ]),
        ),
        codeHashes: new Set<string>(),
      }
      const witness = buildWitness(
        {
          commitment,
          code: () => undefined,
          slotsOf: (owner) => {
            const a = [...storage.keys()].find((i) => hexFromBytes(address(i)) === hexFromBytes(owner))
            return a === undefined ? [] : [...(storage.get(a)?.keys() ?? [])].map(slot)
          },
          addresses: () => [...storage.keys()].map(address),
        },
        1n,
        touched,
        diff,
      )
      const nodes = new Map(witness.nodes.map((n) => [hashKey(keccak.hash(n)), n]))
      const tries = createWitnessTries(
        witness.parentStateRoot,
        (_owner, hash, path) => {
          const node = nodes.get(hashKey(hash))
          if (node === undefined) throw new WitnessMissingNodeError(hash, path)
          return node
        },
        keccak,
      )
      // The verifier's own diff lists the same changes in another order.
      const reordered: StateDiff = {
        accounts: diff.accounts.map((a) => ({ ...a, storage: [...a.storage].reverse() })).reverse(),
      }
      expect(tries.applyDiff(reordered)).toStrictEqual(commitDiffTo(commitment)(diff))
    }),
    { numRuns: 200 },
  )
})
