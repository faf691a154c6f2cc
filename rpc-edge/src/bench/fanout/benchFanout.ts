import { createLinkServer, createSequencer, type Sequencer } from '@rtevm/node'
import type { BenchResult } from '@rtevm/protocol'
import { chainConfig, log } from '../benchChain.ts'
import { driveFullRate, signTransferPool, type TransferPool } from './driveFullRate.ts'
import {
  type CpuTime,
  type EdgeChildMessage,
  readCpuTime,
  type SubscriberChildMessage,
  type SubscriberReport,
} from './fanoutMessages.ts'
import { type Child, forkChild } from './forkChild.ts'
import { histogramPercentileMs, mergeHistograms } from './latencyHistogram.ts'

/** Subscriber counts and the `miniBlocks` detail they ask for: the default payload, then the header alone. */
const STEPS: readonly { subscribers: number; detail: 'receipts' | 'header' }[] = [
  { subscribers: 1_000, detail: 'receipts' },
  { subscribers: 10_000, detail: 'receipts' },
  { subscribers: 10_000, detail: 'header' },
]
const SUBSCRIBER_PROCESSES = 2
/** Seconds of full-rate driving per step; BENCH_SECONDS shortens it. */
const STEP_SECONDS = Math.min(5, Number(process.env.BENCH_SECONDS ?? 5))
/** Enough transfers for both steps at the rate the in-process sequencer reaches here. */
const POOL_PER_SECOND = 4_000
const DRAIN_CAP_MS = 5_000

/**
 * `miniBlocks` fan-out: one edge in its own process follows an in-process
 * sequencer driven at full rate; 1 000 then 10 000 WebSocket subscribers in
 * SUBSCRIBER_PROCESSES child processes. Delivery latency runs from the
 * mini-block's `timestamp` (wall-clock µs when the sequencer sealed it) to the
 * subscriber's `message` event; edge CPU is its process's `cpuUsage` over the
 * driving window.
 */
export async function benchFanout(): Promise<BenchResult[]> {
  const sequencer = await createSequencer(chainConfig)
  const link = await createLinkServer({ config: chainConfig.link, backend: sequencer })
  const edge = forkChild<EdgeChildMessage>('./edgeProcess.ts', [
    link.url,
    String(2 * Math.max(...STEPS.map((s) => s.subscribers))),
  ])
  try {
    const { wsUrl } = await edge.next('ready')
    const signing = performance.now()
    const pool = signTransferPool(POOL_PER_SECOND * STEP_SECONDS * STEPS.length)
    log(
      `fan-out: edge process on ${wsUrl}; signed ${pool.raws.length} transfers in ${((performance.now() - signing) / 1000).toFixed(1)} s`,
    )
    const results: BenchResult[] = []
    for (const { subscribers, detail } of STEPS) {
      results.push(...(await step(subscribers, detail, wsUrl, sequencer, edge, pool)))
    }
    return results
  } finally {
    await edge.close()
    await link.close()
    await sequencer.close()
  }
}

async function step(
  subscribers: number,
  detail: string,
  wsUrl: string,
  sequencer: Sequencer,
  edge: Child<EdgeChildMessage>,
  pool: TransferPool,
): Promise<BenchResult[]> {
  const children = Array.from({ length: SUBSCRIBER_PROCESSES }, (_, i) =>
    forkChild<SubscriberChildMessage>('./subscriberProcess.ts', [
      wsUrl,
      String(
        Math.floor(subscribers / SUBSCRIBER_PROCESSES) + (i < subscribers % SUBSCRIBER_PROCESSES ? 1 : 0),
      ),
      detail,
    ]),
  )
  try {
    const ready = await Promise.all(children.map((c) => c.next('subscribed')))
    const subscribed = ready.reduce((sum, r) => sum + r.subscribed, 0)
    const failed = ready.find((r) => r.failed > 0)
    if (failed) log(`fan-out ${subscribers}: ${failed.failed} subscriptions failed: ${failed.firstError}`)

    let miniBlocks = 0
    const unsubscribe = sequencer.events.subscribe(({ event }) => {
      if (event.kind === 'miniBlock') miniBlocks++
    })
    const edgeCpu = await cpuOf(edge)
    const clientCpu = await Promise.all(children.map(cpuOf))
    const ownCpu = readCpuTime()
    const started = performance.now()
    const driver = driveFullRate(sequencer, pool)
    await new Promise((resolve) => setTimeout(resolve, STEP_SECONDS * 1000))
    const drive = await driver.stop()
    const seconds = (performance.now() - started) / 1000
    const sequencerShare = cpuShare(ownCpu, readCpuTime())
    const edgeShare = cpuShare(edgeCpu, await cpuOf(edge))
    const clientShares = (await Promise.all(children.map(cpuOf))).map((cpu, i) => cpuShare(clientCpu[i], cpu))
    unsubscribe()

    const reports = await drained(children, subscribed * miniBlocks)
    const total = (pick: (r: SubscriberReport) => number) => reports.reduce((sum, r) => sum + pick(r), 0)
    const closedSlow = total((r) => r.closedSlow)
    const closedOther = total((r) => r.closedOther)
    const open = subscribed - closedSlow - closedOther
    const deliveredOpen = total((r) => r.deliveredOpen)
    const delivered = deliveredOpen + total((r) => r.deliveredClosed)
    const bytesEach = delivered > 0 ? total((r) => r.bytes) / delivered : 0
    const histogram = mergeHistograms(reports.map((r) => r.histogram))
    const p50 = histogramPercentileMs(histogram, 50)
    const p99 = histogramPercentileMs(histogram, 99)
    const deliveredShare = open > 0 && miniBlocks > 0 ? (100 * deliveredOpen) / (open * miniBlocks) : 0
    const rate = `${Math.round(miniBlocks / seconds)} mini-blocks/s, ${Math.round(drive.included / drive.seconds)} tx/s`
    log(
      `fan-out ${subscribers}: ${subscribed} subscribed; ${miniBlocks} mini-blocks (${rate}${drive.exhausted ? ', transfer pool ran out' : ''}), ${Math.round(bytesEach)} B per notification, ${((bytesEach * subscribed * miniBlocks) / seconds / 1e6).toFixed(0)} MB/s to send`,
    )
    log(
      `  open subscribers got ${deliveredOpen} of ${open * miniBlocks} (${deliveredShare.toFixed(2)}%), closed ones ${total((r) => r.deliveredClosed)}; closed: ${closedSlow} slow consumers, ${closedOther} other; delivery p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
    )
    log(
      `  CPU, % of a core: edge ${edgeShare.toFixed(0)}, sequencer + link (this process) ${sequencerShare.toFixed(0)}, subscriber processes ${clientShares.map((s) => s.toFixed(0)).join(' + ')}`,
    )
    const label = `miniBlocks fan-out (detail ${detail}), ${subscribers.toLocaleString('en-US')} WebSocket subscribers at full rate`
    return [
      { name: `${label}: delivery p50 (sealed timestamp → client)`, value: p50, unit: 'ms', better: 'lower' },
      { name: `${label}: delivery p99 (sealed timestamp → client)`, value: p99, unit: 'ms', better: 'lower' },
      {
        name: `${label}: delivered to open subscribers, of ${miniBlocks} mini-blocks each`,
        value: deliveredShare,
        unit: '%',
        better: 'higher',
      },
      {
        name: `${label}: subscribers closed (slow consumer ${closedSlow}, other ${closedOther})`,
        value: closedSlow + closedOther,
        unit: 'sockets',
        better: 'lower',
      },
      { name: `${label}: edge process CPU`, value: edgeShare, unit: '% of a core', better: 'lower' },
      { name: `${label}: mini-blocks sealed`, value: miniBlocks / seconds, unit: '/s', better: 'higher' },
    ]
  } finally {
    await Promise.all(children.map((c) => c.close()))
  }
}

async function cpuOf(child: Child<EdgeChildMessage> | Child<SubscriberChildMessage>): Promise<CpuTime> {
  child.send({ type: 'cpu' })
  return (await (child as Child<{ type: 'cpu'; cpu: CpuTime }>).next('cpu')).cpu
}

/** Percent of one core over the interval between the two readings. */
function cpuShare(before: CpuTime, after: CpuTime): number {
  return (
    (100 * (after.user - before.user + after.system - before.system)) / ((after.atMs - before.atMs) * 1000)
  )
}

/** Reports once deliveries stop growing (or all expected arrived, or DRAIN_CAP_MS passed). */
async function drained(
  children: readonly Child<SubscriberChildMessage>[],
  expected: number,
): Promise<SubscriberReport[]> {
  const deadline = performance.now() + DRAIN_CAP_MS
  let last = -1
  for (;;) {
    const reports = await Promise.all(
      children.map(async (c) => {
        c.send({ type: 'report' })
        return (await c.next('report')).report
      }),
    )
    const delivered = reports.reduce((sum, r) => sum + r.deliveredOpen + r.deliveredClosed, 0)
    if (delivered >= expected || delivered === last || performance.now() > deadline) return reports
    last = delivered
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
