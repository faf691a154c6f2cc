import { createLinkServer, createSequencer } from '@rtevm/node'
import { createEdge } from '../../edge/index.ts'
import { chainConfig, log } from '../benchChain.ts'
import type { Peer } from './Peer.ts'

/** rtevm in this process: sequencer, its link server, and one edge following it over the link. */
export async function startRtevm(): Promise<{ peer: Peer; close(): Promise<void> }> {
  const sequencer = await createSequencer(chainConfig)
  const link = await createLinkServer({ config: chainConfig.link, backend: sequencer })
  const edge = await createEdge({
    rpc: { port: 0 },
    sequencerUrl: link.url,
    onError: (error) => log(`edge error: ${String(error)}`),
  })
  await edge.whenReady()
  log(`rtevm: edge on ${edge.url}, ${chainConfig.blockIntervalMs} ms blocks`)
  return {
    peer: { name: 'rtevm', url: edge.url, wsUrl: edge.wsUrl },
    async close() {
      await edge.close()
      await link.close()
      await sequencer.close()
    },
  }
}
