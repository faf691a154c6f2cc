// Child process of the fan-out benchmark: `count` WebSockets to one edge, each subscribed to miniBlocks.
// argv: edge WebSocket URL, count, detail (full | receipts | hashes | header), coalesceMs (0: none).
// IPC: see fanoutMessages.ts.
import WebSocket from 'ws'
import { type ParentMessage, readCpuTime, type SubscriberChildMessage } from './fanoutMessages.ts'
import { createLatencyHistogram } from './latencyHistogram.ts'
import { scanMiniBlocks } from './scanMiniBlocks.ts'

const SLOW_CONSUMER = 4000 // RpcCloseCode.SlowConsumer
const CONNECTING_AT_ONCE = 200

const [wsUrl, countArg, detail = 'receipts', coalesceArg = '0'] = process.argv.slice(2)
const coalesceMs = Number(coalesceArg)
// `full` with no options is MegaETH's default subscription, as its clients send it.
const options = { ...(detail === 'full' ? {} : { detail }), ...(coalesceMs > 0 ? { coalesceMs } : {}) }
const subscribeFrame = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'eth_subscribe',
  params: Object.keys(options).length > 0 ? ['miniBlocks', options] : ['miniBlocks'],
})
const full = detail === 'full'
const count = Number(countArg)
const send = (message: SubscriberChildMessage) => process.send?.(message)
const histogram = createLatencyHistogram()
const nowUs = () => (performance.timeOrigin + performance.now()) * 1000

/** `next`: the mini-block number expected next (0n before the first). */
type Subscriber = { socket: WebSocket; delivered: number; next: bigint; closeCode?: number }
const subscribers: Subscriber[] = []
let closing = false
let bytes = 0
let frames = 0
let lost = 0
let duplicated = 0
/** Mini-block number → when each subscriber received it (µs), matched with the edge's apply times at the end. */
const arrivals = new Map<number, number[]>()

/** Opens one socket and subscribes; resolves once the subscription id arrives. */
function subscribe(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { perMessageDeflate: false })
    const subscriber: Subscriber = { socket, delivered: 0, next: 0n }
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
      // Only each mini-block's number and timestamp are read: parsing whole payloads would make the client the bottleneck.
      frames++
      bytes += data.length
      scanMiniBlocks(data, full, (number, sealedUs) => {
        histogram.record(received - sealedUs)
        const times = arrivals.get(Number(number))
        if (times) times.push(received)
        else arrivals.set(Number(number), [received])
        subscriber.delivered++
        if (subscriber.next !== 0n && number > subscriber.next) lost += Number(number - subscriber.next)
        if (subscriber.next !== 0n && number < subscriber.next) duplicated++
        else subscriber.next = number + 1n
      })
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
      frames,
      lost,
      duplicated,
      closedSlow: closed.filter((s) => s.closeCode === SLOW_CONSUMER).length,
      closedOther: closed.filter((s) => s.closeCode !== SLOW_CONSUMER).length,
      histogram: histogram.counts,
      cpu: readCpuTime(),
    },
  })
}

/** Applied by the edge's replica → received here: the fan-out hop alone. */
function fanoutReport(appliedAt: Float64Array): void {
  const hop = createLatencyHistogram()
  for (let i = 0; i < appliedAt.length; i += 2) {
    for (const received of arrivals.get(appliedAt[i]) ?? []) hop.record(received - appliedAt[i + 1])
  }
  arrivals.clear()
  send({ type: 'fanout', histogram: hop.counts })
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
  if (message.type === 'fanout') fanoutReport(message.appliedAt)
  if (message.type === 'close') void closeAll()
})
await subscribeAll()
