import {
  createLinkServer,
  createSequencer,
  defineConfig,
  deriveDevAccounts,
  type LinkServer,
  type Sequencer,
  type SequencerConfig,
} from '@rtevm/node'
import {
  type Account,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createEdge, type Edge, type EdgeConfig } from './createEdge.ts'

/** The chain every edge test runs: 100 ms blocks, link on a free port. */
export const testChainConfig = defineConfig({ blockIntervalMs: 100, recoveryWorkers: 1, link: { port: 0 } })
export const testDevAccounts = deriveDevAccounts(testChainConfig.mnemonic, 2)

/** A real sequencer, its link and one edge following it, all in-process on free ports. */
export type TestEdge = {
  sequencer: Sequencer
  link: LinkServer
  edge: Edge
  close(): Promise<void>
}

/** `inProcess`: the edge reaches the sequencer directly (as `pnpm start` runs them), not over its link. */
export async function startTestEdge(
  edgeOptions: EdgeConfig['edge'] = {},
  chainOverrides: Partial<SequencerConfig> = {},
  { inProcess = false }: { inProcess?: boolean } = {},
): Promise<TestEdge> {
  const chainConfig = { ...testChainConfig, ...chainOverrides }
  const sequencer = await createSequencer(chainConfig)
  const link = await createLinkServer({ config: chainConfig.link, backend: sequencer })
  const edge = await createEdge({
    rpc: { port: 0 },
    ...(inProcess ? { sequencer } : { sequencerUrl: link.url }),
    // As on the devnet (one RTEVM_DEV_METHODS for both): the edge serves dev methods when the sequencer takes them.
    edge: { devMethods: chainConfig.devMethods, ...edgeOptions },
  })
  await edge.whenReady()
  return {
    sequencer,
    link,
    edge,
    async close() {
      await edge.close()
      await link.close()
      await sequencer.close()
    },
  }
}

/** One raw JSON-RPC call over HTTP, for the error paths clients hide. */
export async function rawRpc(
  url: string,
  method: string,
  params: unknown[],
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } }
}

/** A call's result; a JSON-RPC error throws, naming the method. */
export async function rpcResult(url: string, method: string, params: unknown[]): Promise<unknown> {
  const answer = await rawRpc(url, method, params)
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`)
  return answer.result
}

/** One JSON-RPC batch over HTTP (so every entry answers from one snapshot); results in call order, an error throws. */
export async function rpcBatch(url: string, calls: [string, unknown[]][]): Promise<unknown[]> {
  const body = JSON.stringify(calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params })))
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const answers = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[]
  return answers
    .sort((a, b) => a.id - b.id)
    .map((answer) => {
      if (answer.error) throw new Error(`batch entry ${answer.id}: ${answer.error.message}`)
      return answer.result
    })
}

export type ViemClients = {
  chain: Chain
  publicClient: PublicClient<Transport, Chain>
  walletClient: WalletClient<Transport, Chain, Account>
  testClient: TestClient<'anvil', Transport, Chain>
}

/**
 * viem clients on an edge's (or a peer's) HTTP `url` for the test chain (id 31337): reads, a wallet
 * signing as `privateKey` (dev account 0 by default), and anvil-mode test actions.
 */
export function viemClients(url: string, privateKey: Hex = testDevAccounts[0].privateKey): ViemClients {
  const chain = defineChain({
    id: 31337,
    name: 'rtevm test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  })
  const transport = http(url, { retryCount: 0 })
  const account = privateKeyToAccount(privateKey)
  return {
    chain,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 20 }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval: 20 }),
    testClient: createTestClient({ chain, transport, mode: 'anvil' }),
  }
}
