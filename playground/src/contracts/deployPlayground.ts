import { createRtevmChain } from '@rtevm/protocol'
import { type Address, createPublicClient, encodeDeployData, encodeFunctionData, type Hex, http } from 'viem'
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { sendRawTransactionSync } from 'viem/actions'
import { abi as arenaAbi, bytecode as arenaBytecode } from '../../generated/Arena.ts'
import { abi as orderBookAbi, bytecode as orderBookBytecode } from '../../generated/OrderBook.ts'
import { abi as tokenAbi, bytecode as tokenBytecode } from '../../generated/TestToken.ts'
import { PlaygroundDeployError, PlaygroundDeployerUsedError } from './errors.ts'
import { type PlaygroundAddressBook, playgroundAddresses } from './playgroundAddresses.ts'
import { playgroundMarket } from './playgroundMarket.ts'

/** The devnet's mnemonic and dev account count (`defaultConfig` in @rtevm/node). */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk'
export const DEVNET_ACCOUNT_COUNT = 20

export type DeployPlaygroundOptions = {
  /** HTTP JSON-RPC of an rtevm edge (it must serve `eth_sendRawTransactionSync`). */
  rpcUrl: string
  /** Deployer key. Default: the last dev account, which the devnet funds and nobody else uses. */
  privateKey?: Hex
  /** Accounts given base and quote tokens. Default: every dev account. */
  mintTo?: readonly Address[]
}

export type PlaygroundDeployment = {
  addresses: PlaygroundAddressBook
  /** Transactions this call sent: 0 when everything was already deployed. */
  transactionsSent: number
}

type Step = { name: string; data: Hex; to?: Address }

/**
 * Deploys the playground's tokens, order book and arena from one account at nonces 0..3
 * (so their addresses are known up front, see `playgroundAddresses`), then mints both tokens
 * to every dev account. Idempotent: each step has a fixed nonce, so a second call (or one
 * after a crash midway) sends only the steps the deployer's nonce says are missing.
 */
export async function deployPlaygroundContracts(
  options: DeployPlaygroundOptions,
): Promise<PlaygroundDeployment> {
  const account = options.privateKey
    ? privateKeyToAccount(options.privateKey)
    : mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: DEVNET_ACCOUNT_COUNT - 1 })
  const transport = http(options.rpcUrl, { retryCount: 0 })
  const probe = createPublicClient({ transport })
  const chainId = await probe.getChainId()
  const chain = createRtevmChain({ rpcUrl: options.rpcUrl, chainId })
  const publicClient = createPublicClient({ chain, transport })
  const addresses = playgroundAddresses(account.address, chainId)

  const recipients = options.mintTo ?? devAccountAddresses()
  const { base, quote, baseLot, quotePerTick, mint } = playgroundMarket
  const steps: Step[] = [
    { name: 'deploy base token', data: deployToken(base) },
    { name: 'deploy quote token', data: deployToken(quote) },
    {
      name: 'deploy order book',
      data: encodeDeployData({
        abi: orderBookAbi,
        bytecode: orderBookBytecode,
        args: [addresses.baseToken, addresses.quoteToken, baseLot, quotePerTick],
      }),
    },
    { name: 'deploy arena', data: encodeDeployData({ abi: arenaAbi, bytecode: arenaBytecode }) },
    ...recipients.flatMap((to): Step[] => [
      { name: `mint base to ${to}`, to: addresses.baseToken, data: mintData(to, mint.base) },
      { name: `mint quote to ${to}`, to: addresses.quoteToken, data: mintData(to, mint.quote) },
    ]),
  ]

  const nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
  const contracts = [addresses.baseToken, addresses.quoteToken, addresses.orderBook, addresses.arena]
  for (const [index, address] of contracts.entries()) {
    if (index >= nonce) break
    const code = await publicClient.getCode({ address })
    if (!code || code === '0x')
      throw new PlaygroundDeployerUsedError(account.address, nonce, steps[index].name)
  }

  // Fees are read once: the devnet's base fee is fixed, and twice it leaves room if it is not.
  const fees = steps.length > nonce ? await publicClient.estimateFeesPerGas() : undefined
  let sent = 0
  for (let index = nonce; index < steps.length; index++) {
    const step = steps[index]
    let status: string
    try {
      const to = step.to ?? null
      const gas = await publicClient.estimateGas({ account, to: step.to, data: step.data })
      const serializedTransaction = await account.signTransaction({
        type: 'eip1559',
        chainId,
        nonce: index,
        to,
        data: step.data,
        gas,
        maxFeePerGas: fees!.maxFeePerGas * 2n,
        maxPriorityFeePerGas: fees!.maxPriorityFeePerGas,
      })
      status = (await sendRawTransactionSync(publicClient, { serializedTransaction })).status
    } catch (cause) {
      throw new PlaygroundDeployError(step.name, { cause })
    }
    if (status !== 'success')
      throw new PlaygroundDeployError(step.name, { details: 'the transaction reverted' })
    sent++
  }
  return { addresses, transactionsSent: sent }
}

function deployToken(token: { name: string; symbol: string; decimals: number }): Hex {
  return encodeDeployData({
    abi: tokenAbi,
    bytecode: tokenBytecode,
    args: [token.name, token.symbol, token.decimals],
  })
}

function mintData(to: Address, amount: bigint): Hex {
  return encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [to, amount] })
}

/** The devnet's dev accounts (m/44'/60'/0'/0/i of the devnet mnemonic), in order. */
export function devAccountAddresses(count = DEVNET_ACCOUNT_COUNT): Address[] {
  return Array.from(
    { length: count },
    (_, addressIndex) => mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex }).address,
  )
}
