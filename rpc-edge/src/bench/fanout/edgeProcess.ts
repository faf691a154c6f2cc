// Child process of the fan-out benchmark: one edge, alone in its process so its CPU can be measured.
// argv: sequencer link URL, per-IP connection limit. IPC: see fanoutMessages.ts.
import { createEdge } from '../../edge/index.ts'
import { type EdgeChildMessage, type ParentMessage, readCpuTime } from './fanoutMessages.ts'

const [sequencerUrl, maxConnectionsPerIp] = process.argv.slice(2)
const send = (message: EdgeChildMessage) => process.send?.(message)

const edge = await createEdge({
  rpc: { port: 0, maxConnectionsPerIp: Number(maxConnectionsPerIp) },
  sequencerUrl,
  onError: (error) => console.error(`  fan-out edge: ${String(error)}`),
})
await edge.whenReady()
process.on('message', (message: ParentMessage) => {
  if (message.type === 'cpu') send({ type: 'cpu', cpu: readCpuTime() })
  if (message.type === 'close') void edge.close().then(() => process.exit(0))
})
send({ type: 'ready', wsUrl: edge.wsUrl })
