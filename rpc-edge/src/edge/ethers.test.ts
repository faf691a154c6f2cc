import { compileTestContracts } from '@rtevm/testkit'
import {
  type Contract,
  type ContractEventPayload,
  ContractFactory,
  type EventLog,
  type InterfaceAbi,
  JsonRpcProvider,
  NonceManager,
  Wallet,
  WebSocketProvider,
  ZeroAddress,
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

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
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
    type Transfer = { from: string; to: string; value: bigint; hash: string }
    const events: Transfer[] = []
    await watched.on('Transfer', (from: string, to: string, value: bigint, payload: ContractEventPayload) => {
      events.push({ from, to, value, hash: payload.log.transactionHash })
    })
    // ethers installs its eth_subscribe asynchronously: wait until the edge has it.
    await until(() => t.edge.server.subscriptions.channels('logs').length > 0, 'ethers subscribed to logs')
    const tx = await contract.transfer(dev1.address, 9n)
    await until(() => events.some((e) => e.hash === tx.hash), 'the Transfer event arrived')
    // The mint may arrive too: `logs` without a "pending" bound deliver per sealed block,
    // and the deploy's block can seal after the subscription started.
    expect(events.filter((e) => e.from !== ZeroAddress)).toEqual([
      { from: dev0.address, to: dev1.address, value: 9n, hash: tx.hash },
    ])
    // Stop listening before afterEach destroys the provider, and let the
    // eth_unsubscribe answer arrive: destroy() rejects requests still in flight.
    await watched.removeAllListeners()
    await until(() => t.edge.server.subscriptions.channels('logs').length === 0, 'ethers unsubscribed')
    await new Promise((r) => setTimeout(r, 20))
  })
})
