import { compileTestContracts } from '@rtevm/testkit'
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  type HttpTransport,
  http,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'

export const { token, probe } = compileTestContracts()

export type DevWallet = WalletClient<HttpTransport, Chain, PrivateKeyAccount>

/** Clients of any JSON-RPC node on chain 31337, sending as `privateKey`. */
export function chainClients(
  url: string,
  privateKey = testDevAccounts[0]!.privateKey,
): { publicClient: PublicClient; walletClient: DevWallet } {
  const chain = defineChain({
    id: 31337,
    name: 'trace test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  })
  const transport = http(url, { retryCount: 0 })
  const account = privateKeyToAccount(privateKey)
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 10 }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval: 10 }),
  }
}

/** A JSON-RPC call that must succeed. */
export async function call<T = unknown>(url: string, method: string, params: unknown[]): Promise<T> {
  const { result, error } = await rawRpc(url, method, params)
  if (error) throw new Error(`${method}: ${error.code} ${error.message}`)
  return result as T
}

export type TraceChain = {
  started: TestEdge
  url: string
  publicClient: PublicClient
  walletClient: DevWallet
  /** Sends, waits for the receipt, then seals the open block: one transaction per block. */
  sealedAfter(send: () => Promise<Hash>): Promise<Hash>
  receiptOf(hash: Hash): Promise<TransactionReceipt>
  tokenAddress: Address
  probeAddress: Address
  rpc<T = unknown>(method: string, params: unknown[]): Promise<T>
}

/**
 * A sequencer and edge whose blocks seal only when the test says so, with
 * the test token and probe deployed by dev account 0 (each in its own block,
 * so they land at the addresses anvil gives them).
 */
export async function startTraceChain(
  edgeOptions: Parameters<typeof startTestEdge>[0] = {},
): Promise<TraceChain> {
  const started = await startTestEdge(edgeOptions, { blockIntervalMs: 600_000 })
  const { publicClient, walletClient } = chainClients(started.edge.url)

  async function sealedAfter(send: () => Promise<Hash>): Promise<Hash> {
    const hash = await send()
    const { blockNumber } = await publicClient.waitForTransactionReceipt({ hash })
    await started.sequencer.sealBlock()
    while (started.edge.replica.head().block < blockNumber) await new Promise((r) => setTimeout(r, 5))
    return hash
  }

  const receiptOf = (hash: Hash) => publicClient.getTransactionReceipt({ hash })
  const deployedAt = async (hash: Hash) => (await receiptOf(hash)).contractAddress as Address
  const tokenAddress = await deployedAt(
    await sealedAfter(() =>
      walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n], chain: null }),
    ),
  )
  const probeAddress = await deployedAt(
    await sealedAfter(() =>
      walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode, chain: null }),
    ),
  )
  return {
    started,
    url: started.edge.url,
    publicClient,
    walletClient,
    sealedAfter,
    receiptOf,
    tokenAddress,
    probeAddress,
    rpc: (method, params) => call(started.edge.url, method, params),
  }
}
