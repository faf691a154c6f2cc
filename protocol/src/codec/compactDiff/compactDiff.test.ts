import { describe, expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../../errors/index.ts'
import type { StateDiff } from '../../types/index.ts'
import { createDiffDecoder } from './createDiffDecoder.ts'
import { createDiffEncoder } from './createDiffEncoder.ts'
import { EMPTY_CODE_HASH } from './flags.ts'
import type { PreAccount, PreStateLookup } from './PreStateLookup.ts'

const sender = new Uint8Array(20).fill(1)
const recipient = new Uint8Array(20).fill(2)
const token = new Uint8Array(20).fill(3)
const tokenHash = new Uint8Array(32).fill(9)
const slotOf = (holder: number) => new Uint8Array(32).fill(0x40 + holder)

/** Pre-state: two funded EOAs and a token with both holders' balance slots set. */
const lookup: PreStateLookup = {
  account(address): PreAccount | undefined {
    if (address[0] === 1) return { nonce: 5n, balance: 10n ** 24n, codeHash: EMPTY_CODE_HASH }
    if (address[0] === 2) return { nonce: 0n, balance: 10n ** 24n, codeHash: EMPTY_CODE_HASH }
    if (address[0] === 3) return { nonce: 1n, balance: 0n, codeHash: tokenHash }
    return undefined
  },
  storage: (_address, slot) => (slot[0] === 0x41 ? 10n ** 30n : slot[0] === 0x42 ? 10n ** 30n : 0n),
}

/** One ERC-20 transfer of 1.5 tokens paying 51 234 gas at 1 gwei. */
const transfer: StateDiff = {
  accounts: [
    {
      address: sender,
      deleted: false,
      storageCleared: false,
      nonce: 6n,
      balance: 10n ** 24n - 51_234n * 10n ** 9n,
      codeHash: EMPTY_CODE_HASH.slice(),
      storage: [],
    },
    {
      address: token,
      deleted: false,
      storageCleared: false,
      nonce: 1n,
      balance: 0n,
      codeHash: tokenHash.slice(),
      storage: [
        { slot: slotOf(1), value: 10n ** 30n - 15n * 10n ** 17n },
        { slot: slotOf(2), value: 10n ** 30n + 15n * 10n ** 17n },
      ],
    },
  ],
}

describe('compact state diff (v2)', () => {
  test('an ERC-20 transfer costs its new keys once, then a few bytes', () => {
    const encoder = createDiffEncoder(lookup, { genesis: [sender, recipient] })
    const decoder = createDiffDecoder(lookup, { genesis: [sender, recipient] })
    const first = encoder.encode(transfer)
    expect(decoder.decode(first)).toEqual(transfer)
    const again = encoder.encode(transfer)
    expect(decoder.decode(again)).toEqual(transfer)
    // version, count; sender: ref flags balance(4) slots; token: ref flags slots (ref value(2))×2
    expect(again.length).toBe(18)
    expect(first.length).toBe(again.length + 20 + 32 * 2)
    expect(encoder.stats()).toMatchObject({ accounts: 3, slots: 2 })
  })

  test('unknown ids, trailing bytes, bad modes and other versions are typed errors', () => {
    const decoder = createDiffDecoder(lookup)
    expect(() => decoder.decode(Uint8Array.of(2, 1, 5, 0, 0))).toThrow(DecodeError) // account id 4 unknown
    expect(() => decoder.decode(Uint8Array.of(2, 0, 0))).toThrow(DecodeError) // trailing byte
    expect(() => decoder.decode(Uint8Array.of(2, 1, 0, ...sender, 0x30, 0))).toThrow(DecodeError) // nonce mode 3
    expect(() => decoder.decode(Uint8Array.of(2, 1, 0, ...sender, 0, 1, 4 + 1))).toThrow(DecodeError) // slot id 0 unknown
    expect(() => decoder.decode(Uint8Array.of(1, 0))).toThrow(UnsupportedVersionError)
    // A frame that fails after introducing a new key leaves no id behind.
    expect(decoder.stats()).toMatchObject({ accounts: 0, slots: 0 })
    // Minus more than the balance underflows.
    expect(() => decoder.decode(Uint8Array.of(2, 1, 0, ...token, 0x80, 1, 0))).toThrow(DecodeError)
  })

  test('a genesis seed gives every node the same ids whatever the order it lists accounts in', () => {
    const a = createDiffEncoder(lookup, { genesis: [recipient, sender, recipient] })
    const b = createDiffEncoder(lookup, { genesis: [sender, recipient] })
    expect(a.exportTables()).toEqual(b.exportTables())
  })
})
