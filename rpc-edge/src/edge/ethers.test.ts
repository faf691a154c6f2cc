import { compileTestContracts } from '@rtevm/node/testing'
import {
  type Contract,
  ContractFactory,
  type EventLog,
  type InterfaceAbi,
  JsonRpcProvider,
  NonceManager,
  Wallet,
  WebSocketProvider,
} from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { token } = compileTestContracts()
const abi = token.abi as InterfaceAbi

let t: TestEdge
let providers: (JsonRpcProvider | WebSocketProvider)[] = []

beforeEach(async () => {
  t = await startTestEdge()
})
afterEach(async () => {
  for (const provider of providers) provider.destroy()
  providers = []
  await t.close()
})

function http(): JsonRpcProvider {
  const provider = new JsonRpcProvider(t.edge.url, 31337, { staticNetwork: true, pollingInterval: 20 })
  providers.push(provider)
  return provider
}

async function ws(): Promise<WebSocketProvider> {
  const provider = new WebSocketProvider(t.edge.wsUrl, 31337, { staticNetwork: true })
  providers.push(provider)
  await provider._waitUntilReady()
  return provider
}

/**
 * Dev account 0 as an ethers signer. NonceManager counts nonces locally:
 * ethers reuses an identical in-flight or recent (250 ms) request, so two
 * sends in a row on a chain this fast would otherwise both read nonce n.
 */
function signer(provider: JsonRpcProvider): NonceManager {
  return new NonceManager(new Wallet(dev0.privateKey, provider))
}

async function deploy(wallet: NonceManager): Promise<Contract> {
  const factory = new ContractFactory(abi, token.bytecode, wallet)
  const contract = await factory.deploy(1_000_000n)
  await contract.waitForDeployment()
  return contract as Contract
}

describe('ethers v6 against the edge', () => {
  it('JsonRpcProvider: block number, balance, deploy an ERC-20, call it, transfer and wait for the receipt', async () => {
    const provider = http()
    expect(await provider.getBlockNumber()).toBeGreaterThanOrEqual(0)
    expect((await provider.getNetwork()).chainId).toBe(31337n)
    expect(await provider.getBalance(dev1.address)).toBe(10_000n * 10n ** 18n)

    const wallet = signer(provider)
    const contract = await deploy(wallet)
    const address = await contract.getAddress()
    expect(await provider.getCode(address)).not.toBe('0x')
    expect(await contract.balanceOf(dev0.address)).toBe(1_000_000n)

    const tx = await contract.transfer(dev1.address, 25n)
    const receipt = await tx.wait()
    expect(receipt?.status).toBe(1)
    expect(receipt?.hash).toBe(tx.hash)
    const [log] = receipt?.logs ?? []
    expect((log as EventLog).eventName).toBe('Transfer')
    expect((log as EventLog).args.toArray()).toEqual([dev0.address, dev1.address, 25n])
    expect(await contract.balanceOf(dev1.address)).toBe(25n)

    const value = await wallet.sendTransaction({ to: dev1.address, value: 3n })
    expect((await value.wait())?.status).toBe(1)
    expect(await provider.getBalance(dev1.address)).toBe(10_000n * 10n ** 18n + 3n)
    expect(await provider.getTransactionCount(dev0.address)).toBe(3)
  })

  it('WebSocketProvider: reads, and contract.on("Transfer") delivers events', async () => {
    const provider = await ws()
    expect(await provider.getBlockNumber()).toBeGreaterThanOrEqual(0)
    expect(await provider.getBalance(dev0.address)).toBe(10_000n * 10n ** 18n)

    const contract = await deploy(signer(http()))
    const watched = contract.connect(provider) as Contract
    const delivered = new Promise<{ from: string; to: string; value: bigint; hash: string }>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no Transfer event within 5 s')), 5_000)
        // From dev0 only: the mint (from zero) seals in a block after the subscription starts, and
        // `logs` subscriptions without a "pending" bound deliver per sealed block, so it would arrive too.
        void watched.on(
          watched.filters.Transfer(dev0.address),
          (from: string, to: string, value: bigint, event: { log: EventLog }) => {
            clearTimeout(timer)
            resolve({ from, to, value, hash: event.log.transactionHash })
          },
        )
      },
    )
    // ethers installs its eth_subscribe asynchronously: wait until the edge has it.
    while (t.edge.server.subscriptions.channels('logs').length === 0)
      await new Promise((r) => setTimeout(r, 5))
    const tx = await contract.transfer(dev1.address, 9n)
    const event = await delivered
    expect(event).toEqual({ from: dev0.address, to: dev1.address, value: 9n, hash: tx.hash })
    // Stop listening before afterEach destroys the provider, and let the
    // eth_unsubscribe answer arrive: destroy() rejects requests still in flight.
    await watched.removeAllListeners()
    while (t.edge.server.subscriptions.channels('logs').length > 0) await new Promise((r) => setTimeout(r, 5))
    await new Promise((r) => setTimeout(r, 20))
  })
})
