import {
  encodeAbiParameters,
  encodeEventTopics,
  encodeFunctionData,
  erc20Abi,
  erc721Abi,
  parseAbi,
} from 'viem'
import { describe, expect, it } from 'vitest'
import { createAbiRegistry } from './createAbiRegistry.ts'

const alice = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const bob = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc'

describe('createAbiRegistry', () => {
  const registry = createAbiRegistry()

  it('decodes ERC-20 calldata with named arguments', () => {
    const input = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [alice, 25n] })
    expect(registry.decodeInput(bob, input)).toEqual({
      abiName: 'ERC-20',
      functionName: 'transfer',
      args: [
        { name: 'recipient', type: 'address', value: expect.stringMatching(new RegExp(alice, 'i')) },
        { name: 'amount', type: 'uint256', value: '25' },
      ],
    })
  })

  it('tells an ERC-20 Transfer from an ERC-721 one by its indexed arguments', () => {
    const erc20Topics = encodeEventTopics({
      abi: erc20Abi,
      eventName: 'Transfer',
      args: { from: alice, to: bob },
    })
    const erc20 = registry.decodeLog(
      bob,
      erc20Topics as string[],
      encodeAbiParameters([{ type: 'uint256' }], [7n]),
    )
    expect(erc20).toMatchObject({ abiName: 'ERC-20', eventName: 'Transfer' })
    expect(erc20?.args.at(-1)).toEqual({ name: 'value', type: 'uint256', value: '7' })

    const nftTopics = encodeEventTopics({
      abi: erc721Abi,
      eventName: 'Transfer',
      args: { from: alice, to: bob, tokenId: 7n },
    })
    const nft = registry.decodeLog(bob, nftTopics as string[], '0x')
    expect(nft).toMatchObject({ abiName: 'ERC-721', eventName: 'Transfer' })
    expect(nft?.args.at(-1)).toEqual({ name: 'tokenId', type: 'uint256', value: '7' })
  })

  it('uses registered ABIs, pinned ones first for their contract', () => {
    const abi = parseAbi(['function place(uint64 price, uint64 size, bool buy)'])
    const own = createAbiRegistry()
    own.register({ name: 'OrderBook', abi, addresses: [bob] })
    const input = encodeFunctionData({ abi, functionName: 'place', args: [100n, 2n, true] })
    expect(own.decodeInput(bob, input)?.abiName).toBe('OrderBook')
    expect(own.decodeInput(alice, input)).toBeNull() // pinned to bob's contract only
  })

  it('returns null for unknown selectors, plain transfers and anonymous logs', () => {
    expect(registry.decodeInput(bob, '0xdeadbeef')).toBeNull()
    expect(registry.decodeInput(bob, '0x')).toBeNull()
    expect(registry.decodeLog(bob, [], '0x')).toBeNull()
  })
})
