// Child process of the fan-out benchmark: `count` WebSockets to one edge, each subscribed to miniBlocks.
// argv: edge WebSocket URL, count, detail (receipts | hashes | header). IPC: see fanoutMessages.ts.
import WebSocket from 'ws'
import { type ParentMessage, readCpuTime, type SubscriberChildMessage } from './fanoutMessages.ts'
import { createLatencyHistogram } from './latencyHistogram.ts'

const SLOW_CONSUMER = 4000 // RpcCloseCode.SlowConsumer
const CONNECTING_AT_ONCE = 200
const TIMESTAMP_FIELD = Buffer.from('"timestamp":"0x')

const [wsUrl, countArg, detail = 'receipts'] = process.argv.slice(2)
const subscribeFrame = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'eth_subscribe',
  params: ['miniBlocks', { detail }],
})
const count = Number(countArg)
const send = (message: SubscriberChildMessage) => process.send?.(message)
const histogram = createLatencyHistogram()
const nowUs = () => (performance.timeOrigin + performance.now()) * 1000

type Subscriber = { socket: WebSocket; delivered: number; closeCode?: number }
const subscribers: Subscriber[] = []
let closing = false
let bytes = 0

/** Opens one socket and subscribes; resolves once the subscription id arrives. */
function subscribe(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { perMessageDeflate: false })
    const subscriber: Subscriber = { socket, delivered: 0 }
    let subscribed = false
    socket.once('open', () => socket.send(subscribeFrame))
    socket.on('message', (data: Buffer) => {
      const received = nowUs()
      if (!subscribed) {
        subscribed = true
        if (data.includes('"error"')) reject(new Error(data.toString()))
        else {
          subscribers.push(subscriber)
          resolve()
        }
        return
      }
      // Only the timestamp is read: parsing whole payloads would make the client the bottleneck.
      const at = data.indexOf(TIMESTAMP_FIELD)
      const end = data.indexOf(0x22, at + TIMESTAMP_FIELD.length)
      const sealedUs = Number.parseInt(data.toString('latin1', at + TIMESTAMP_FIELD.length, end), 16)
      histogram.record(received - sealedUs)
      subscriber.delivered++
      bytes += data.length
    })
    socket.on('error', (error) => {
      if (!subscribed) reject(error)
    })
    socket.on('close', (code) => {
      if (!closing) subscriber.closeCode = code
    })
  })
}

async function subscribeAll(): Promise<void> {
  let next = 0
  let failed = 0
  let firstError: string | undefined
  const lane = async () => {
    while (next < count) {
      next++
      await subscribe().catch((error: unknown) => {
        failed++
        firstError ??= error instanceof Error ? error.message : String(error)
      })
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONNECTING_AT_ONCE, count) }, lane))
  send({ type: 'subscribed', subscribed: subscribers.length, failed, firstError })
}

function report(): void {
  const open = subscribers.filter((s) => s.closeCode === undefined)
  const closed = subscribers.filter((s) => s.closeCode !== undefined)
  send({
    type: 'report',
    report: {
      subscribed: subscribers.length,
      deliveredOpen: open.reduce((sum, s) => sum + s.delivered, 0),
      deliveredClosed: closed.reduce((sum, s) => sum + s.delivered, 0),
      bytes,
      closedSlow: closed.filter((s) => s.closeCode === SLOW_CONSUMER).length,
      closedOther: closed.filter((s) => s.closeCode !== SLOW_CONSUMER).length,
      histogram: histogram.counts,
      cpu: readCpuTime(),
    },
  })
}

async function closeAll(): Promise<void> {
  closing = true
  await Promise.all(
    subscribers.map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve()
          socket.once('close', () => resolve())
          socket.close()
        }),
    ),
  )
  process.exit(0)
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cpu') send({ type: 'cpu', cpu: readCpuTime() })
  if (message.type === 'report') report()
  if (message.type === 'close') void closeAll()
})
await subscribeAll()
