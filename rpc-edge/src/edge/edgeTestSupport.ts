import {
  createLinkServer,
  createSequencer,
  defineConfig,
  deriveDevAccounts,
  type LinkServer,
  type Sequencer,
  type SequencerConfig,
} from '@rtevm/node'
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
