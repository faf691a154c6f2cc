import { DecodeError } from '@rtevm/protocol'
import { hexToBytes, formatTransaction as viemFormatTransaction } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { decodeTransaction } from './decodeTransaction.ts'

const account = privateKeyToAccount(`0x${'42'.repeat(32)}`)
const to = `0x${'ab'.repeat(20)}` as const
const accessList = [{ address: to, storageKeys: [`0x${'00'.repeat(31)}01` as const] }]

describe('decodeTransaction', () => {
  it.each([
    ['legacy (EIP-155)', { type: 'legacy', chainId: 31337, gasPrice: 7n }],
    ['eip2930', { type: 'eip2930', chainId: 31337, gasPrice: 7n, accessList }],
    ['eip1559', { type: 'eip1559', chainId: 31337, maxFeePerGas: 9n, maxPriorityFeePerGas: 2n, accessList }],
  ] as const)('round-trips a signed %s transaction through viem’s RPC formatter', async (_name, extra) => {
    const raw = await account.signTransaction({
      to,
      value: 5n,
      nonce: 3,
      gas: 50_000n,
      data: '0x1234',
      ...extra,
    })
    const fields = decodeTransaction(hexToBytes(raw))
    expect(fields.type).toBe({ legacy: '0x0', eip2930: '0x1', eip1559: '0x2' }[extra.type])
    expect(fields.nonce).toBe('0x3')
    expect(fields.input).toBe('0x1234')
    expect(fields.chainId).toBe('0x7a69')
    // What viem makes of our JSON must match what signing put in.
    const parsed = viemFormatTransaction({ ...fields, hash: '0x', from: account.address } as never)
    expect(parsed).toMatchObject({ to, value: 5n, gas: 50_000n, nonce: 3, type: extra.type })
    if (extra.type === 'legacy') expect(parsed.v === 62709n || parsed.v === 62710n).toBe(true)
    else expect(fields.yParity === '0x0' || fields.yParity === '0x1').toBe(true)
  })

  it('rejects garbage with a DecodeError', () => {
    expect(() => decodeTransaction(new Uint8Array([0x02, 0xc0]))).toThrow(DecodeError)
    expect(() => decodeTransaction(new Uint8Array())).toThrow(DecodeError)
  })
})
