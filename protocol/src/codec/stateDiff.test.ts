import { describe, expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../errors/index.ts'
import type { AccountDiff } from '../types/index.ts'
import { EncodeError } from './EncodeError.ts'
import { erc20Coinbase, erc20SenderAndToken } from './erc20TransferMiniBlock.ts'
import { decodeStateDiff, encodeStateDiff } from './stateDiff.ts'

const [sender, token] = erc20SenderAndToken

describe('state diff v1', () => {
  test('an ERC-20 transfer (sender + token, two slots) stays under 180 bytes', () => {
    const bytes = encodeStateDiff({ accounts: erc20SenderAndToken })
    expect(bytes.length).toBeLessThan(180)
    expect(decodeStateDiff(bytes)).toStrictEqual({ accounts: erc20SenderAndToken })
  })

  test('an EOA costs no code hash', () => {
    const eoa = encodeStateDiff({ accounts: [sender] }).length
    const contract = encodeStateDiff({ accounts: [{ ...sender, codeHash: token.codeHash }] }).length
    expect(contract - eoa).toBe(32)
  })

  test('the fee recipient adds about 30 bytes', () => {
    const withCoinbase = encodeStateDiff({ accounts: [...erc20SenderAndToken, erc20Coinbase] }).length
    const without = encodeStateDiff({ accounts: erc20SenderAndToken }).length
    expect(withCoinbase - without).toBeLessThanOrEqual(32)
  })

  test('decoded EOAs get their own copy of the empty code hash', () => {
    const { accounts } = decodeStateDiff(encodeStateDiff({ accounts: [sender, sender] }))
    expect(accounts[0].codeHash).toStrictEqual(sender.codeHash)
    expect(accounts[0].codeHash).not.toBe(accounts[1].codeHash)
  })

  test('an empty diff is two bytes', () => {
    expect(encodeStateDiff({ accounts: [] })).toStrictEqual(new Uint8Array([1, 0]))
  })

  test('an unknown version is UnsupportedVersionError', () => {
    const bytes = encodeStateDiff({ accounts: [sender] })
    bytes[0] = 2
    expect(() => decodeStateDiff(bytes)).toThrow(UnsupportedVersionError)
  })

  test('unknown account flag bits are rejected', () => {
    const bytes = encodeStateDiff({ accounts: [sender] })
    // version, count, 20-byte address, then flags.
    bytes[22] |= 0x80
    expect(() => decodeStateDiff(bytes)).toThrow(/unknown flag bits/)
  })

  test('a count larger than the payload is rejected before allocating', () => {
    expect(() => decodeStateDiff(new Uint8Array([1, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(DecodeError)
  })

  test.each<[string, Partial<AccountDiff>]>([
    ['a 19-byte address', { address: new Uint8Array(19) }],
    ['a short code hash', { codeHash: new Uint8Array(31) }],
    ['a negative balance', { balance: -1n }],
    ['a nonce over 2^64', { nonce: 1n << 64n }],
    ['a short slot', { storage: [{ slot: new Uint8Array(31), value: 1n }] }],
    ['a slot value over 2^256', { storage: [{ slot: new Uint8Array(32), value: 1n << 256n }] }],
  ])('refuses to encode %s', (_name, change) => {
    expect(() => encodeStateDiff({ accounts: [{ ...token, ...change }] })).toThrow(EncodeError)
  })
})
