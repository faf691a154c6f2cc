import { createMPT, verifyMerkleProof } from '@ethereumjs/mpt'
import { RLP } from '@ethereumjs/rlp'
import { bigIntToUnpaddedBytes, bytesToBigInt, createAccount } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { AccountFields } from './accountCodec.ts'
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from './constants.ts'
import { createStateCommitment } from './createStateCommitment.ts'

type Model = { accounts: Map<number, AccountFields>; storage: Map<number, Map<number, bigint>> }

type Op =
  | { kind: 'account'; address: number; account: AccountFields | null }
  | { kind: 'storage'; address: number; slot: number; value: bigint }
  | { kind: 'clear'; address: number }

const ADDRESSES = 6
const SLOTS = 10
const uint256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n })
const accountFields = fc.record({
  nonce: fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
  balance: fc.oneof(fc.bigInt({ min: 0n, max: 200n }), uint256),
  codeHash: fc.oneof(fc.constant(EMPTY_CODE_HASH), fc.uint8Array({ minLength: 32, maxLength: 32 })),
})
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('account' as const),
      address: fc.nat(ADDRESSES - 1),
      account: fc.option(accountFields, { freq: 5 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('storage' as const),
      address: fc.nat(ADDRESSES - 1),
      slot: fc.nat(SLOTS - 1),
      value: fc.oneof(
        fc.constant(0n),
        fc.bigInt({ min: 1n, max: 0x7fn }),
        fc.bigInt({ min: 0x80n, max: 1000n }),
        uint256,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('clear' as const), address: fc.nat(ADDRESSES - 1) }),
  },
)

function applyToModel(model: Model, o: Op): void {
  if (o.kind === 'account') {
    if (o.account === null) {
      model.accounts.delete(o.address)
      model.storage.delete(o.address)
    } else model.accounts.set(o.address, o.account)
  } else if (o.kind === 'clear') {
    model.storage.delete(o.address)
  } else {
    const slots = model.storage.get(o.address) ?? new Map<number, bigint>()
    if (o.value === 0n) slots.delete(o.slot)
    else slots.set(o.slot, o.value)
    if (slots.size > 0) model.storage.set(o.address, slots)
    else model.storage.delete(o.address)
  }
}

/** The state root per EthereumJS: secure tries built from scratch out of the model. */
async function oracleRoots(model: Model, addresses: Uint8Array[], slots: Uint8Array[]) {
  const accountTrie = await createMPT({ useKeyHashing: true })
  const storageRoots = new Map<number, Uint8Array>()
  for (const [a, fields] of model.accounts) {
    const storageTrie = await createMPT({ useKeyHashing: true })
    for (const [s, value] of model.storage.get(a) ?? []) {
      await storageTrie.put(slots[s], RLP.encode(bigIntToUnpaddedBytes(value)))
    }
    storageRoots.set(a, storageTrie.root())
    const account = createAccount({ ...fields, storageRoot: storageTrie.root() })
    await accountTrie.put(addresses[a], account.serialize())
  }
  return { root: accountTrie.root(), storageRoots }
}

describe('createStateCommitment against tries built with @ethereumjs/mpt', () => {
  test('same state root, storage roots and verifiable proofs after every batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.uint8Array({ minLength: 20, maxLength: 20 }), {
          minLength: ADDRESSES,
          maxLength: ADDRESSES,
          selector: (a) => a.join(),
        }),
        fc.uniqueArray(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
          minLength: SLOTS,
          maxLength: SLOTS,
          selector: (s) => s.join(),
        }),
        fc.array(fc.array(op, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 5 }),
        async (addresses, slots, batches) => {
          const state = createStateCommitment()
          const model: Model = { accounts: new Map(), storage: new Map() }
          const apply = (o: Op) => {
            applyToModel(model, o)
            if (o.kind === 'account') state.applyAccount(addresses[o.address], o.account)
            else if (o.kind === 'clear') state.clearStorage(addresses[o.address])
            else state.applyStorage(addresses[o.address], slots[o.slot], o.value)
          }
          for (const batch of batches) {
            for (const o of batch) apply(o)
            // Ethereum has no storage without an account: give orphaned storage an owner.
            for (const a of model.storage.keys()) {
              if (!model.accounts.has(a))
                apply({
                  kind: 'account',
                  address: a,
                  account: { nonce: 1n, balance: 0n, codeHash: EMPTY_CODE_HASH },
                })
            }
            const expected = await oracleRoots(model, addresses, slots)
            const root = state.root()
            expect(root).toEqual(expected.root)
            for (let a = 0; a < ADDRESSES; a++) {
              const storageRoot = expected.storageRoots.get(a) ?? EMPTY_TRIE_ROOT
              expect(state.storageRoot(addresses[a])).toEqual(storageRoot)
              await checkProof(state.prove(addresses[a], slots), root, model, a, addresses[a], storageRoot)
            }
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})

async function checkProof(
  proof: ReturnType<ReturnType<typeof createStateCommitment>['prove']>,
  root: Uint8Array,
  model: Model,
  a: number,
  address: Uint8Array,
  storageRoot: Uint8Array,
): Promise<void> {
  const fields = model.accounts.get(a)
  expect(proof.storageRoot).toEqual(storageRoot)
  expect({ nonce: proof.nonce, balance: proof.balance, codeHash: proof.codeHash }).toEqual(
    fields ?? { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH },
  )
  if (model.accounts.size === 0) expect(proof.accountProof).toEqual([])
  else {
    const value = await verifyMerkleProof(keccak_256(address), proof.accountProof, { root })
    expect(value).toEqual(fields ? createAccount({ ...fields, storageRoot }).serialize() : null)
  }
  for (const [s, item] of proof.storageProofs.entries()) {
    const expected = model.storage.get(a)?.get(s) ?? 0n
    expect(item.value).toBe(expected)
    if (storageRoot.every((b, i) => b === EMPTY_TRIE_ROOT[i])) {
      expect(item.proof).toEqual([])
      continue
    }
    const value = await verifyMerkleProof(keccak_256(item.slot), item.proof, { root: storageRoot })
    expect(value === null ? 0n : bytesToBigInt(RLP.decode(value) as Uint8Array)).toBe(expected)
  }
}
