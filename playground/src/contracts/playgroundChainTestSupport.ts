// Test support: a real sequencer, its link and an edge in-process on free ports (@rtevm/testkit), the playground
// contracts deployed through the edge, and viem clients that sign locally and send synchronously.
import { createRtevmChain } from '@rtevm/protocol'
import { startEdgeChain } from '@rtevm/testkit'
import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  createPublicClient,
  createTestClient,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  type TransactionReceipt,
} from 'viem'
import { mnemonicToAccount, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { sendRawTransactionSync } from 'viem/actions'
import { abi as orderBookAbi, bytecode as orderBookBytecode } from '../../generated/OrderBook.ts'
import { abi as tokenAbi } from '../../generated/TestToken.ts'
import { DEVNET_MNEMONIC, deployPlaygroundContracts } from './deployPlayground.ts'
import type { PlaygroundAddressBook } from './playgroundAddresses.ts'
import { playgroundMarket } from './playgroundMarket.ts'

/** Generous fixed gas, so a reverting call is mined (status 'reverted') rather than refused at estimation. */
const GAS = 8_000_000n
const MAX_FEE = 2_000_000_000n

/** A dev account that signs locally and tracks its own nonce. */
export type Trader = {
  account: PrivateKeyAccount
  address: Address
  send<const abi extends Abi, name extends ContractFunctionName<abi, 'nonpayable' | 'payable'>>(call: {
    address: Address
    abi: abi
    functionName: name
    args: ContractFunctionArgs<abi, 'nonpayable' | 'payable', name>
  }): Promise<TransactionReceipt>
  deploy(data: Hex): Promise<TransactionReceipt>
}

export type PlaygroundTestChain = {
  url: string
  publicClient: PublicClient
  addresses: PlaygroundAddressBook
  /** Dev accounts 0..n-1 (the last dev account deployed the contracts). */
  traders: Trader[]
  /** A trader for any key, funded with 100 ETH through `anvil_setBalance` (for tests needing many accounts). */
  extraTrader(privateKey: Hex): Promise<Trader>
  /** A fresh order book on the playground tokens, approved for spending by every trader. */
  deployOrderBook(): Promise<Address>
  close(): Promise<void>
}

export async function startPlaygroundChain(traderCount = 6): Promise<PlaygroundTestChain> {
  const edge = await startEdgeChain()
  const close = edge.close
  try {
    const chain = createRtevmChain({ rpcUrl: edge.url })
    const publicClient = createPublicClient({ chain, transport: http(edge.url, { retryCount: 0 }) })
    const traders = Array.from({ length: traderCount }, (_, addressIndex) => {
      const { getHdKey } = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex })
      const key = `0x${Buffer.from(getHdKey().privateKey!).toString('hex')}` as Hex
      return createTrader(publicClient, privateKeyToAccount(key))
    })
    const { addresses } = await deployPlaygroundContracts({
      rpcUrl: edge.url,
      mintTo: traders.map((t) => t.address),
    })
    const deployOrderBook = async () => {
      const { baseLot, quotePerTick } = playgroundMarket
      const receipt = await traders[0].deploy(
        encodeDeployData({
          abi: orderBookAbi,
          bytecode: orderBookBytecode,
          args: [addresses.baseToken, addresses.quoteToken, baseLot, quotePerTick],
        }),
      )
      const book = receipt.contractAddress!
      const max = 2n ** 256n - 1n
      for (const trader of traders) {
        for (const token of [addresses.baseToken, addresses.quoteToken]) {
          await trader.send({ address: token, abi: tokenAbi, functionName: 'approve', args: [book, max] })
        }
      }
      return book
    }
    const testClient = createTestClient({
      chain,
      mode: 'anvil',
      transport: http(edge.url, { retryCount: 0 }),
    })
    const extraTrader = async (privateKey: Hex) => {
      const trader = createTrader(publicClient, privateKeyToAccount(privateKey))
      await testClient.setBalance({ address: trader.address, value: 100n * 10n ** 18n })
      return trader
    }
    return { url: edge.url, publicClient, addresses, traders, extraTrader, deployOrderBook, close }
  } catch (error) {
    await close()
    throw error
  }
}

function createTrader(publicClient: PublicClient, account: PrivateKeyAccount): Trader {
  let nonce: number | undefined
  const sendData = async (to: Address | null, data: Hex) => {
    nonce ??= await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
    const serializedTransaction = await account.signTransaction({
      type: 'eip1559',
      chainId: 31337,
      nonce: nonce++,
      to,
      data,
      gas: GAS,
      maxFeePerGas: MAX_FEE,
      maxPriorityFeePerGas: 0n,
    })
    return sendRawTransactionSync(publicClient, { serializedTransaction })
  }
  return {
    account,
    address: account.address,
    send: (call) =>
      sendData(call.address, encodeFunctionData(call as Parameters<typeof encodeFunctionData>[0])),
    deploy: (data) => sendData(null, data),
  }
}
