// Child process of the read-load benchmark: one edge, alone in its process.
// argv: sequencer link URL, read workers. IPC: readLoadMessages.ts.
import { createEdge } from '../../edge/index.ts'
import type { ParentMessage } from '../fanout/fanoutMessages.ts'
import type { ReadLoadEdgeMessage } from './readLoadMessages.ts'

const [sequencerUrl, readWorkers] = process.argv.slice(2)
const send = (message: ReadLoadEdgeMessage) => process.send?.(message)

const edge = await createEdge({
  rpc: { port: 0, maxConnectionsPerIp: 1_000 },
  sequencerUrl,
  edge: { readWorkers: Number(readWorkers) },
  onError: (error) => console.error(`  read-load edge: ${String(error)}`),
})
await edge.whenReady()
// Measured once the workers serve: their start-up is not what is measured.
while (edge.readPool && edge.readPool.stats().serving === 0) await new Promise((r) => setTimeout(r, 50))
process.on('message', (message: ParentMessage) => {
  if (message.type === 'report')
    send({ type: 'memory', rssBytes: process.memoryUsage.rss(), reads: edge.readPool?.stats() })
  if (message.type === 'close') void edge.close().then(() => process.exit(0))
})
send({ type: 'ready', wsUrl: edge.wsUrl })
