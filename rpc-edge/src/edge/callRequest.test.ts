import type { BlockContext } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { blockOverrides, parseCallObject } from './callRequest.ts'

const to = `0x${'11'.repeat(20)}`

describe('parseCallObject', () => {
  it('takes input, or data, or both when they are equal', () => {
    expect(parseCallObject({ to, input: '0x1234' }).data).toEqual(Uint8Array.of(0x12, 0x34))
    expect(parseCallObject({ to, data: '0x1234' }).data).toEqual(Uint8Array.of(0x12, 0x34))
    expect(parseCallObject({ to, input: '0xab', data: '0xab' }).data).toEqual(Uint8Array.of(0xab))
  })

  it('refuses input and data that differ, naming the field to use', () => {
    expect(() => parseCallObject({ to, input: '0x12', data: '0x34' })).toThrow(
      /"input" and "data" to be equal/,
    )
  })

  it('accepts a known type and refuses a malformed or unknown one', () => {
    expect(parseCallObject({ to, type: '0x2' }).to).toBeDefined()
    expect(() => parseCallObject({ to, type: '0xzz' })).toThrow(/type as a hex quantity/)
    expect(() => parseCallObject({ to, type: '0x7f' })).toThrow(/type as one of 0x0 … 0x4/)
  })

  it('refuses quantities wider than their type and a malformed nonce or chain id', () => {
    expect(parseCallObject({ to, gas: '0xffffffffffffffff' }).gas).toBe(2n ** 64n - 1n)
    expect(() => parseCallObject({ to, gas: '0x10000000000000000' })).toThrow(/gas of at most 64 bits/)
    expect(parseCallObject({ to, value: `0x${'f'.repeat(64)}` }).value).toBe(2n ** 256n - 1n)
    expect(() => parseCallObject({ to, value: `0x1${'0'.repeat(64)}` })).toThrow(/value of at most 256 bits/)
    expect(() => parseCallObject({ to, nonce: '0x01' })).toThrow(/nonce as a hex quantity/)
    expect(() => parseCallObject({ to, chainId: 31337 })).toThrow(/chainId as a hex quantity/)
  })

  it('checks the blob fields a call does not read', () => {
    expect(parseCallObject({ to, blobVersionedHashes: [`0x${'01'.repeat(32)}`] }).to).toBeDefined()
    expect(() => parseCallObject({ to, blobVersionedHashes: 'zz' })).toThrow(
      /blobVersionedHashes as an array/,
    )
    expect(() => parseCallObject({ to, maxFeePerBlobGas: '0x01' })).toThrow(
      /maxFeePerBlobGas as a hex quantity/,
    )
  })

  it('block overrides check both names of a field and refuse both given', () => {
    const context = { number: 1n, timestamp: 2n, gasLimit: 3n, baseFeePerGas: 4n } as BlockContext
    expect(blockOverrides().parse({ baseFeePerGas: '0x7' })(context).baseFeePerGas).toBe(7n)
    expect(() => blockOverrides().parse({ baseFee: '0x7', baseFeePerGas: '0x01' })).toThrow(
      /baseFeePerGas as a hex/,
    )
    expect(() => blockOverrides().parse({ baseFee: '0x7', baseFeePerGas: '0x8' })).toThrow(
      /baseFee or baseFeePerGas, not both/,
    )
  })

  it('refuses conflicting fee fields, as geth does', () => {
    expect(parseCallObject({ to, maxFeePerGas: '0x2', maxPriorityFeePerGas: '0x1' }).maxFeePerGas).toBe(2n)
    expect(() => parseCallObject({ to, gasPrice: '0x1', maxFeePerGas: '0x2' })).toThrow(/not both/)
    expect(() => parseCallObject({ to, maxFeePerGas: '0x1', maxPriorityFeePerGas: '0x2' })).toThrow(
      /maxPriorityFeePerGas at most maxFeePerGas/,
    )
  })
})
