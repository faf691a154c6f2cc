import { hexToBytes, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { parseSealedTransaction } from './parseSealedTransaction.ts'

const sponsor = privateKeyToAccount(`0x${'11'.repeat(32)}`)
const authority = privateKeyToAccount(`0x${'22'.repeat(32)}`)
const delegate = '0x00000000000000000000000000000000000c0de1'

describe('parseSealedTransaction', () => {
  it('stores an EIP-7702 set-code transaction as type 4 with its fees and call', async () => {
    const authorization = await authority.signAuthorization({ chainId: 31337, address: delegate, nonce: 0 })
    const signed = await sponsor.signTransaction({
      type: 'eip7702',
      chainId: 31337,
      nonce: 3,
      to: authority.address,
      gas: 80_000n,
      maxFeePerGas: 3n * 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
      data: '0xabcdef',
      authorizationList: [authorization],
    })
    const raw = hexToBytes(signed)
    expect(
      parseSealedTransaction({ raw, hash: hexToBytes(keccak256(signed)), from: hexToBytes(sponsor.address) }),
    ).toEqual({
      type: 4,
      to: hexToBytes(authority.address),
      nonce: 3n,
      value: 0n,
      gasLimit: 80_000n,
      gasPrice: null,
      maxFeePerGas: 3n * 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
      input: hexToBytes('0xabcdef'),
    })
  })
})
