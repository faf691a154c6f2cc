// Child process of the fan-out benchmark: one edge, alone in its process so its CPU can be measured.
// argv: sequencer link URL, per-IP connection limit. IPC: see fanoutMessages.ts.
import { createEdge } from '../../edge/index.ts'
import { type EdgeChildMessage, type ParentMessage, readCpuTime } from './fanoutMessages.ts'
import { createLatencyHistogram } from './latencyHistogram.ts'

const [sequencerUrl, maxConnectionsPerIp] = process.argv.slice(2)
const send = (message: EdgeChildMessage) => process.send?.(message)

const edge = await createEdge({
  rpc: { port: 0, maxConnectionsPerIp: Number(maxConnectionsPerIp) },
  sequencerUrl,
  onError: (error) => console.error(`  fan-out edge: ${String(error)}`),
})
await edge.whenReady()
// Sealed → applied by this edge's replica (the part of delivery latency upstream of fan-out), and when
// each mini-block was applied, so subscribers can tell the fan-out hop alone: pairs (number, µs).
let applied = createLatencyHistogram()
let appliedAt: number[] = []
edge.replica.onEvent((event) => {
  if (event.kind !== 'miniBlock') return
  const nowUs = (performance.timeOrigin + performance.now()) * 1000
  applied.record(nowUs - Number(event.miniBlock.timestampUs))
  appliedAt.push(Number(event.miniBlock.number), nowUs)
})
process.on('message', (message: ParentMessage) => {
  if (message.type === 'cpu') send({ type: 'cpu', cpu: readCpuTime() })
  if (message.type === 'report') {
    send({ type: 'applied', histogram: applied.counts, appliedAt: Float64Array.from(appliedAt) })
    applied = createLatencyHistogram()
    appliedAt = []
  }
  if (message.type === 'close') void edge.close().then(() => process.exit(0))
})
send({ type: 'ready', wsUrl: edge.wsUrl })
