import { createLinkServer, createSequencer, type Sequencer } from '@rtevm/node'
import type { BenchResult } from '@rtevm/protocol'
import { chainConfig, log } from '../benchChain.ts'
import { drivePaced } from './drivePaced.ts'
import {
  type CpuTime,
  type EdgeChildMessage,
  readCpuTime,
  type SubscriberChildMessage,
  type SubscriberReport,
} from './fanoutMessages.ts'
import { type Child, forkChild } from './forkChild.ts'
import { histogramPercentileMs, mergeHistograms } from './latencyHistogram.ts'
import { signTransferPool, type TransferPool } from './transferPool.ts'

/** Subscribers, the `miniBlocks` detail they ask for (`full`: MegaETH's default, no options) and `coalesceMs` (0: none). */
export type FanoutStep = {
  subscribers: number
  detail: 'full' | 'receipts' | 'hashes' | 'header'
  coalesceMs: number
}

/**
 * The design targets' two cases, plain and with `coalesceMs` (a frame per
 * interval instead of per mini-block: what a wide audience on two cores
 * needs), then MegaETH's default shape, whose cost per subscriber is reported beside them.
 */
export const FANOUT_STEPS: readonly FanoutStep[] = [
  { subscribers: 1_000, detail: 'hashes', coalesceMs: 0 },
  { subscribers: 1_000, detail: 'hashes', coalesceMs: 20 },
  { subscribers: 10_000, detail: 'header', coalesceMs: 0 },
  { subscribers: 10_000, detail: 'header', coalesceMs: 100 },
  { subscribers: 1_000, detail: 'full', coalesceMs: 0 },
]
const TX_PER_SECOND = 2_000
const SUBSCRIBER_PROCESSES = 2
/** Seconds of paced driving per step; BENCH_SECONDS shortens it. */
const STEP_SECONDS = Math.min(5, Number(process.env.BENCH_SECONDS ?? 5))
/** After driving, deliveries are awaited until all arrived, none arrived for DRAIN_STALL_MS, or DRAIN_CAP_MS. */
const DRAIN_CAP_MS = 20_000
const DRAIN_STALL_MS = 2_000

/**
 * `miniBlocks` fan-out: one edge in its own process follows an in-process
 * sequencer fed ETH transfers at TX_PER_SECOND (paced per millisecond, so
 * mini-blocks are small and many); each step's WebSocket subscribers live in
 * SUBSCRIBER_PROCESSES child processes. Delivery latency runs from each
 * mini-block's sealing timestamp (wall-clock µs) to the subscriber's
 * `message` event; edge CPU is its process's `cpuUsage` over the driving
 * window and the drain after it, divided by the mini-block notifications
 * delivered.
 */
export async function benchFanout(steps: readonly FanoutStep[] = FANOUT_STEPS): Promise<BenchResult[]> {
  const sequencer = await createSequencer(chainConfig)
  const link = await createLinkServer({ config: chainConfig.link, backend: sequencer })
  const edge = forkChild<EdgeChildMessage>('./edgeProcess.ts', [
    link.url,
    String(2 * Math.max(...steps.map((s) => s.subscribers))),
  ])
  try {
    const { wsUrl } = await edge.next('ready')
    const signing = performance.now()
    const pool = signTransferPool(Math.ceil(TX_PER_SECOND * (STEP_SECONDS + 1) * steps.length))
    log(
      `fan-out: edge process on ${wsUrl}; signed ${pool.raws.length} transfers in ${((performance.now() - signing) / 1000).toFixed(1)} s`,
    )
    const results: BenchResult[] = []
    for (const s of steps) results.push(...(await step(s, wsUrl, sequencer, edge, pool)))
    return results
  } finally {
    await edge.close()
    await link.close()
    await sequencer.close()
  }
}

async function step(
  { subscribers, detail, coalesceMs }: FanoutStep,
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
      String(coalesceMs),
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
    edge.send({ type: 'report' })
    await edge.next('applied')
    const edgeCpu = await cpuOf(edge)
    const clientCpu = await Promise.all(children.map(cpuOf))
    const ownCpu = readCpuTime()
    const started = performance.now()
    const driver = drivePaced(sequencer, pool, TX_PER_SECOND)
    await new Promise((resolve) => setTimeout(resolve, STEP_SECONDS * 1000))
    const drive = await driver.stop()
    const seconds = (performance.now() - started) / 1000
    const sequencerShare = cpuShare(ownCpu, readCpuTime())
    unsubscribe()

    const reports = await drained(children, subscribed * miniBlocks)
    const edgeAfter = await cpuOf(edge)
    const clientAfter = await Promise.all(children.map(cpuOf))
    const clientShares = clientAfter.map((cpu, i) => cpuShare(clientCpu[i], cpu))
    edge.send({ type: 'report' })
    const { histogram: applied, appliedAt } = await edge.next('applied')
    const hops = await Promise.all(
      children.map(async (c) => {
        c.send({ type: 'fanout', appliedAt })
        return (await c.next('fanout')).histogram
      }),
    )
    const hop = mergeHistograms(hops)
    const total = (pick: (r: SubscriberReport) => number) => reports.reduce((sum, r) => sum + pick(r), 0)
    const closedSlow = total((r) => r.closedSlow)
    const closedOther = total((r) => r.closedOther)
    const open = subscribed - closedSlow - closedOther
    const deliveredOpen = total((r) => r.deliveredOpen)
    const delivered = deliveredOpen + total((r) => r.deliveredClosed)
    // Lost: gaps inside a subscriber's sequence. What never arrived before the drain ended shows in `delivered`.
    const lost = total((r) => r.lost)
    const duplicated = total((r) => r.duplicated)
    const bytesEach = delivered > 0 ? total((r) => r.bytes) / delivered : 0
    const framesPerMiniBlock = delivered > 0 ? total((r) => r.frames) / delivered : 0
    const edgeUsPerNotification = delivered > 0 ? cpuUs(edgeCpu, edgeAfter) / delivered : 0
    // The benchmark's own clients, measured alike: on a shared 2-core machine they compete with the edge.
    const clientUs = clientAfter.reduce((sum, cpu, i) => sum + cpuUs(clientCpu[i], cpu), 0)
    const clientUsPerNotification = delivered > 0 ? clientUs / delivered : 0
    const edgeShare = cpuShare(edgeCpu, edgeAfter)
    const histogram = mergeHistograms(reports.map((r) => r.histogram))
    const p50 = histogramPercentileMs(histogram, 50)
    const p99 = histogramPercentileMs(histogram, 99)
    const appliedP50 = histogramPercentileMs(applied, 50)
    const appliedP99 = histogramPercentileMs(applied, 99)
    const hopP50 = histogramPercentileMs(hop, 50)
    const hopP99 = histogramPercentileMs(hop, 99)
    const deliveredShare = open > 0 && miniBlocks > 0 ? (100 * deliveredOpen) / (open * miniBlocks) : 0
    const rate = `${Math.round(miniBlocks / seconds)} mini-blocks/s, ${Math.round(drive.included / drive.seconds)} tx/s`
    log(
      `fan-out ${subscribers} (${detail}${coalesceMs > 0 ? `, coalesceMs ${coalesceMs}` : ''}): ${subscribed} subscribed; ${miniBlocks} mini-blocks (${rate}${drive.exhausted ? ', transfer pool ran out' : ''}), ${Math.round(bytesEach)} B per mini-block notification, ${framesPerMiniBlock.toFixed(3)} frames per mini-block`,
    )
    log(
      `  open subscribers got ${deliveredOpen} of ${open * miniBlocks} (${deliveredShare.toFixed(2)}%), lost ${lost}, duplicated ${duplicated}; closed: ${closedSlow} slow consumers, ${closedOther} other; delivery p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; sealed → edge replica p50 ${appliedP50.toFixed(2)} ms, p99 ${appliedP99.toFixed(2)} ms; edge replica → client (fan-out alone) p50 ${hopP50.toFixed(2)} ms, p99 ${hopP99.toFixed(2)} ms`,
    )
    log(
      `  CPU: edge ${edgeUsPerNotification.toFixed(2)} µs per delivered notification (${edgeShare.toFixed(0)}% of a core incl. drain), subscriber processes ${clientUsPerNotification.toFixed(2)} µs (${clientShares.map((s) => s.toFixed(0)).join(' + ')}%), sequencer + link (this process, driving window) ${sequencerShare.toFixed(0)}%`,
    )
    const label = `miniBlocks fan-out (detail ${detail}${coalesceMs > 0 ? `, coalesceMs ${coalesceMs}` : ''}), ${subscribers.toLocaleString('en-US')} WebSocket subscribers at ${TX_PER_SECOND.toLocaleString('en-US')} tx/s`
    return [
      { name: `${label}: delivery p50 (sealed timestamp → client)`, value: p50, unit: 'ms', better: 'lower' },
      { name: `${label}: delivery p99 (sealed timestamp → client)`, value: p99, unit: 'ms', better: 'lower' },
      {
        name: `${label}: fan-out alone p50 (applied by the edge's replica → client)`,
        value: hopP50,
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `${label}: fan-out alone p99 (applied by the edge's replica → client)`,
        value: hopP99,
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `${label}: sealed → applied by the edge's replica p99 (upstream of fan-out)`,
        value: appliedP99,
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `${label}: delivered to open subscribers, of ${miniBlocks} mini-blocks each`,
        value: deliveredShare,
        unit: '%',
        better: 'higher',
      },
      {
        name: `${label}: mini-blocks lost (gaps in a subscriber's numbers)`,
        value: lost,
        unit: 'notifications',
        better: 'lower',
      },
      {
        name: `${label}: subscribers closed (slow consumer ${closedSlow}, other ${closedOther})`,
        value: closedSlow + closedOther,
        unit: 'sockets',
        better: 'lower',
      },
      {
        name: `${label}: edge CPU per delivered notification`,
        value: edgeUsPerNotification,
        unit: 'µs',
        better: 'lower',
      },
      {
        name: `${label}: subscriber (client) CPU per delivered notification`,
        value: clientUsPerNotification,
        unit: 'µs',
        better: 'lower',
      },
      { name: `${label}: bytes per delivered notification`, value: bytesEach, unit: 'B', better: 'lower' },
      {
        name: `${label}: WebSocket frames per mini-block`,
        value: framesPerMiniBlock,
        unit: 'frames',
        better: 'lower',
      },
      { name: `${label}: edge process CPU`, value: edgeShare, unit: '% of a core', better: 'lower' },
      { name: `${label}: mini-blocks sealed`, value: miniBlocks / seconds, unit: '/s', better: 'higher' },
      // The pace asked for is TX_PER_SECOND; what the sequencer took in is what the figures above saw.
      {
        name: `${label}: transactions included`,
        value: drive.included / drive.seconds,
        unit: 'tx/s',
        better: 'higher',
      },
    ]
  } finally {
    await Promise.all(children.map((c) => c.close()))
  }
}

async function cpuOf(child: Child<EdgeChildMessage> | Child<SubscriberChildMessage>): Promise<CpuTime> {
  child.send({ type: 'cpu' })
  return (await (child as Child<{ type: 'cpu'; cpu: CpuTime }>).next('cpu')).cpu
}

/** CPU time used between the two readings, in µs. */
function cpuUs(before: CpuTime, after: CpuTime): number {
  return after.user - before.user + after.system - before.system
}

/** Percent of one core over the interval between the two readings. */
function cpuShare(before: CpuTime, after: CpuTime): number {
  return (
    (100 * (after.user - before.user + after.system - before.system)) / ((after.atMs - before.atMs) * 1000)
  )
}

/** Reports once all expected arrived, or deliveries stopped growing for DRAIN_STALL_MS, or DRAIN_CAP_MS passed. */
async function drained(
  children: readonly Child<SubscriberChildMessage>[],
  expected: number,
): Promise<SubscriberReport[]> {
  const deadline = performance.now() + DRAIN_CAP_MS
  let last = -1
  let grewAt = performance.now()
  for (;;) {
    const reports = await Promise.all(
      children.map(async (c) => {
        c.send({ type: 'report' })
        return (await c.next('report')).report
      }),
    )
    const delivered = reports.reduce((sum, r) => sum + r.deliveredOpen + r.deliveredClosed, 0)
    const now = performance.now()
    if (delivered !== last) grewAt = now
    if (delivered >= expected || now - grewAt > DRAIN_STALL_MS || now > deadline) return reports
    last = delivered
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
