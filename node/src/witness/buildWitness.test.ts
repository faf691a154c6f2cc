import type { StateDiff } from '@rtevm/protocol'
import { expect, test } from 'vitest'
import { createKeccak, createStateCommitment, EMPTY_CODE_HASH } from '../commitment/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { buildWitness } from './buildWitness.ts'
import { createWitnessTries } from './createWitnessTries.ts'
import { WitnessMissingNodeError } from './errors.ts'
import type { TouchedKeys } from './recordAccess.ts'
import type { WitnessSource } from './WitnessSource.ts'

const keccak = createKeccak()
const contract = new Uint8Array(20).fill(0xcc)
const slot = (i: number) => keccak.hash(Uint8Array.of(i))
const account = { nonce: 1n, balance: 5n, codeHash: EMPTY_CODE_HASH }

// A contract with 200 slots, of which the block deletes 190 and sets one new.
function scenario() {
  const commitment = createStateCommitment()
  commitment.applyAccount(contract, account)
  for (let i = 0; i < 200; i++) commitment.applyStorage(contract, slot(i), BigInt(i + 1))
  commitment.root()
  const changes = [
    ...Array.from({ length: 190 }, (_, i) => ({ slot: slot(i), value: 0n })),
    { slot: slot(250), value: 9n },
  ]
  const diff: StateDiff = {
    accounts: [{ address: contract, deleted: false, storageCleared: false, ...account, storage: changes }],
  }
  const touched: TouchedKeys = {
    accounts: new Map([[hexFromBytes(contract), new Set(changes.map((c) => hexFromBytes(c.slot)))]]),
    codeHashes: new Set(),
  }
  const after = Array.from({ length: 10 }, (_, i) => slot(190 + i)).concat(slot(250))
  const source = (slotsOf: Uint8Array[]): WitnessSource => ({
    commitment,
    code: () => undefined,
    slotsOf: () => slotsOf,
    addresses: () => [contract],
  })
  return { commitment, diff, touched, source: source(after), blind: source([]) }
}

test('adds the sibling nodes deletions collapse onto, so the post-state root can be computed', () => {
  const { commitment, diff, touched, source } = scenario()
  const witness = buildWitness(source, 7n, touched, diff)
  const nodes = new Map(witness.nodes.map((n) => [hexFromBytes(keccak.hash(n)), n]))
  const tries = createWitnessTries(
    witness.parentStateRoot,
    (_owner, hash, path) => {
      const node = nodes.get(hexFromBytes(hash))
      if (node === undefined) throw new WitnessMissingNodeError(hash, path)
      return node
    },
    keccak,
  )
  for (const change of diff.accounts[0].storage) commitment.applyStorage(contract, change.slot, change.value)
  expect(tries.applyDiff(diff)).toStrictEqual(commitment.root())
})

test('proofs of the touched keys alone are not enough for those deletions', () => {
  const { diff, touched, blind } = scenario()
  expect(() => buildWitness(blind, 7n, touched, diff)).toThrow(WitnessMissingNodeError)
})
