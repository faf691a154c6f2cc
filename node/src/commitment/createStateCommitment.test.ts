import { verifyMerkleProof } from '@ethereumjs/mpt'
import { getMerkleStateProof, MerkleStateManager } from '@ethereumjs/statemanager'
import { Address, bigIntToUnpaddedBytes, createAccount } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { describe, expect, test } from 'vitest'
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from './constants.ts'
import { createStateCommitment } from './createStateCommitment.ts'
import { InvalidStateInputError, OrphanStorageError } from './errors.ts'

const address = (n: number) => new Uint8Array(20).fill(n)
const slot = (n: number) => {
  const s = new Uint8Array(32)
  s[31] = n
  return s
}
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`

describe('createStateCommitment', () => {
  test('an empty state has the empty root', () => {
    expect(createStateCommitment().root()).toEqual(EMPTY_TRIE_ROOT)
  })

  test('matches EthereumJS MerkleStateManager, roots and EIP-1186 proofs alike', async () => {
    const state = createStateCommitment()
    const sm = new MerkleStateManager()
    const token = address(0xee)
    const codeHash = keccak_256(Uint8Array.of(0x60, 0x00))
    const put = async (a: Uint8Array, nonce: bigint, balance: bigint, code = EMPTY_CODE_HASH) => {
      state.applyAccount(a, { nonce, balance, codeHash: code })
      await sm.modifyAccountFields(new Address(a), { nonce, balance, codeHash: code })
    }
    const store = async (a: Uint8Array, s: Uint8Array, value: bigint) => {
      state.applyStorage(a, s, value)
      await sm.putStorage(new Address(a), s, bigIntToUnpaddedBytes(value))
    }
    for (let i = 1; i <= 40; i++) await put(address(i), BigInt(i), 10n ** 18n * BigInt(i))
    await put(token, 1n, 0n, codeHash)
    for (let i = 0; i < 50; i++) await store(token, slot(i), BigInt(i) * 1000n + 1n)
    expect(state.root()).toEqual(await sm.getStateRoot())

    // One block: transfers (two slots and a sender nonce each), a zeroed slot, a deleted account.
    for (let i = 1; i <= 10; i++) {
      await put(address(i), BigInt(i) + 1n, 10n ** 18n * BigInt(i) - 21_000n)
      await store(token, slot(i), 7n)
      await store(token, slot(100 + i), 3n)
    }
    await store(token, slot(0), 0n)
    state.applyAccount(address(40), null)
    await sm.deleteAccount(new Address(address(40)))
    const root = state.root()
    expect(root).toEqual(await sm.getStateRoot())
    expect(state.storageRoot(token)).toEqual((await sm.getAccount(new Address(token)))!.storageRoot)

    const slots = [slot(1), slot(0), slot(200)]
    const ours = state.prove(token, slots)
    const theirs = await getMerkleStateProof(sm, new Address(token), slots)
    expect(ours.accountProof.map(hex)).toEqual(theirs.accountProof)
    expect(ours.storageProofs.map((p) => p.proof.map(hex))).toEqual(theirs.storageProof.map((p) => p.proof))
    expect(ours.storageProofs.map((p) => p.value)).toEqual([7n, 0n, 0n])
    expect(hex(ours.storageRoot)).toBe(theirs.storageHash)

    // The deleted account: an exclusion proof and empty fields.
    const gone = state.prove(address(40), [slot(1)])
    expect(await verifyMerkleProof(keccak_256(address(40)), gone.accountProof, { root })).toBeNull()
    expect(gone).toMatchObject({
      nonce: 0n,
      balance: 0n,
      codeHash: EMPTY_CODE_HASH,
      storageRoot: EMPTY_TRIE_ROOT,
    })
    expect(gone.storageProofs).toEqual([{ slot: slot(1), value: 0n, proof: [] }])

    // clearStorage empties the storage trie, as re-creating a contract at an address does.
    state.clearStorage(token)
    await sm.clearStorage(new Address(token))
    expect(state.root()).toEqual(await sm.getStateRoot())
    expect(state.storageRoot(token)).toEqual(EMPTY_TRIE_ROOT)
  })

  test('an account proof carries the account RLP with its storage root', async () => {
    const state = createStateCommitment()
    state.applyAccount(address(1), { nonce: 5n, balance: 1n << 200n, codeHash: EMPTY_CODE_HASH })
    state.applyStorage(address(1), slot(1), (1n << 256n) - 1n)
    const root = state.root()
    const proof = state.prove(address(1), [slot(1)])
    const value = await verifyMerkleProof(keccak_256(address(1)), proof.accountProof, { root })
    const expected = createAccount({ nonce: 5n, balance: 1n << 200n, storageRoot: proof.storageRoot })
    expect(value).toEqual(expected.serialize())
    expect(proof.storageProofs[0].value).toBe((1n << 256n) - 1n)
  })

  test('refuses to commit storage of a missing account, and keeps the pending changes', () => {
    const state = createStateCommitment()
    state.applyStorage(address(1), slot(1), 1n)
    expect(() => state.root()).toThrow(OrphanStorageError)
    state.applyAccount(address(1), { nonce: 1n, balance: 0n, codeHash: EMPTY_CODE_HASH })
    expect(state.root()).not.toEqual(EMPTY_TRIE_ROOT)
    expect(state.prove(address(1), [slot(1)]).storageProofs[0].value).toBe(1n)
  })

  test('rejects inputs Ethereum state cannot hold', () => {
    const state = createStateCommitment()
    const fields = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH }
    expect(() => state.applyAccount(new Uint8Array(19), fields)).toThrow(InvalidStateInputError)
    expect(() => state.applyAccount(address(1), { ...fields, balance: -1n })).toThrow(InvalidStateInputError)
    expect(() => state.applyAccount(address(1), { ...fields, nonce: 1n << 64n })).toThrow(
      InvalidStateInputError,
    )
    expect(() => state.applyAccount(address(1), { ...fields, codeHash: new Uint8Array(31) })).toThrow(
      InvalidStateInputError,
    )
    expect(() => state.applyStorage(address(1), new Uint8Array(31), 1n)).toThrow(InvalidStateInputError)
    expect(() => state.applyStorage(address(1), slot(1), 1n << 256n)).toThrow(InvalidStateInputError)
    expect(state.root()).toEqual(EMPTY_TRIE_ROOT)
  })
})
