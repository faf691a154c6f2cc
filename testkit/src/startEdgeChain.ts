import { createLinkServer, createSequencer, defineConfig } from '@rtevm/node'
import { createEdge } from '@rtevm/rpc-edge'

/** A sequencer, its link and an edge, in-process. */
export type EdgeChain = {
  /** The edge's JSON-RPC URL. */
  url: string
  close(): Promise<void>
}

/**
 * A real sequencer, its link and an edge, in-process on free ports, with
 * nothing deployed: 100 ms blocks, one recovery worker, no witnesses.
 */
export async function startEdgeChain(): Promise<EdgeChain> {
  const config = defineConfig({
    blockIntervalMs: 100,
    recoveryWorkers: 1,
    witnesses: false,
    link: { port: 0 },
  })
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  const edge = await createEdge({ rpc: { port: 0 }, sequencerUrl: link.url, edge: {} })
  const close = async () => {
    await edge.close()
    await link.close()
    await sequencer.close()
  }
  try {
    await edge.whenReady()
  } catch (error) {
    await close()
    throw error
  }
  return { url: edge.url, close }
}
