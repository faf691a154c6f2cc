import { type EdgeChain, startEdgeChain } from '@rtevm/testkit'
import { createPublicClient, createWalletClient, http, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { abi as orderBookAbi } from '../../generated/OrderBook.ts'
import { abi as tokenAbi } from '../../generated/TestToken.ts'
import { DEVNET_MNEMONIC, deployPlaygroundContracts, devAccountAddresses } from './deployPlayground.ts'
import { PlaygroundDeployerUsedError, PlaygroundErrorCode } from './errors.ts'
import { playgroundAddresses } from './playgroundAddresses.ts'
import { playgroundMarket } from './playgroundMarket.ts'

let edge: EdgeChain
beforeAll(async () => {
  edge = await startEdgeChain()
})
afterAll(() => edge?.close())

describe('deployPlaygroundContracts', () => {
  it('deploys to the addresses known up front, mints to every dev account, and is idempotent', async () => {
    // The last of the 20 dev accounts (the well-known 0x8626… of the default mnemonic) deploys.
    const deployer = '0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199'
    const expected = playgroundAddresses(deployer)
    // Written in the README: a change here is a change users see.
    expect(expected).toMatchObject({
      baseToken: '0x73511669fd4dE447feD18BB79bAFeAC93aB7F31f',
      quoteToken: '0xB581C9264f59BF0289fA76D61B2D0746dCE3C30D',
      orderBook: '0xC469e7aE4aD962c30c7111dc580B4adbc7E914DD',
      arena: '0x43ca3D2C94be00692D207C6A1e60D8B325c6f12f',
    })
    const first = await deployPlaygroundContracts({ rpcUrl: edge.url })
    expect(first.addresses).toEqual(expected)
    expect(first.transactionsSent).toBe(4 + 2 * 20)

    const client = createPublicClient({ transport: http(edge.url) })
    for (const address of [expected.baseToken, expected.quoteToken, expected.orderBook, expected.arena]) {
      expect(await client.getCode({ address })).toMatch(/^0x[0-9a-f]{100,}$/)
    }
    const read = <name extends 'symbol' | 'decimals'>(address: `0x${string}`, functionName: name) =>
      client.readContract({ address, abi: tokenAbi, functionName })
    expect(await read(expected.baseToken, 'symbol')).toBe(playgroundMarket.base.symbol)
    expect(await read(expected.quoteToken, 'symbol')).toBe(playgroundMarket.quote.symbol)
    expect(await read(expected.quoteToken, 'decimals')).toBe(18)
    const book = (functionName: 'base' | 'quote' | 'baseLot' | 'quotePerTick') =>
      client.readContract({ address: expected.orderBook, abi: orderBookAbi, functionName })
    expect([await book('base'), await book('quote')]).toEqual([expected.baseToken, expected.quoteToken])
    expect([await book('baseLot'), await book('quotePerTick')]).toEqual([
      playgroundMarket.baseLot,
      playgroundMarket.quotePerTick,
    ])
    const devs = devAccountAddresses()
    expect(devs).toHaveLength(20)
    for (const account of [devs[0], devs[18], devs[19]]) {
      const balances = await Promise.all(
        [expected.baseToken, expected.quoteToken].map((address) =>
          client.readContract({ address, abi: tokenAbi, functionName: 'balanceOf', args: [account] }),
        ),
      )
      expect(balances).toEqual([playgroundMarket.mint.base, playgroundMarket.mint.quote])
    }

    const again = await deployPlaygroundContracts({ rpcUrl: edge.url })
    expect(again).toEqual({ addresses: expected, transactionsSent: 0 })
  }, 120_000) // 44 transactions and 20 key derivations: a bound for a loaded machine

  it('refuses a deployer whose first transactions did not deploy the playground', async () => {
    const account = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 7 })
    const wallet = createWalletClient({ account, transport: http(edge.url) })
    const client = createPublicClient({ transport: http(edge.url) })
    const hash = await wallet.sendTransaction({ chain: null, to: account.address, value: parseEther('1') })
    await client.waitForTransactionReceipt({ hash, pollingInterval: 10 })
    const key = `0x${Buffer.from(account.getHdKey().privateKey!).toString('hex')}` as const
    const failure = deployPlaygroundContracts({ rpcUrl: edge.url, privateKey: key, mintTo: [] })
    await expect(failure).rejects.toBeInstanceOf(PlaygroundDeployerUsedError)
    await expect(failure).rejects.toMatchObject({ code: PlaygroundErrorCode.DeployerUsed })
  })
})
