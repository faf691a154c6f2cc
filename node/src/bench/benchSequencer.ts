import type { BenchResult } from '@rtevm/protocol'
import { createSenders, type Senders } from '@rtevm/testkit'
import { defineConfig } from '../config/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { benchCompiledContracts } from './benchCompiledContracts.ts'
import { benchOrderFills } from './benchOrderFills.ts'
import { driveAtRate, driveSaturated } from './drive.ts'
import { percentile } from './percentile.ts'
import { stockRunTxRate } from './stockEthereumJs.ts'
import { computeWorkload, erc20Workload, ethWorkload, type Workload } from './workloads.ts'

const log = (message: string) => console.error(`  ${message}`)

/**
 * In-process sequencer figures: sustained ETH and ERC-20 throughput beside
 * stock EthereumJS, ERC-20 throughput with contracts compiled beside
 * interpreted, an order-book limit order filling 8 resting orders compiled
 * beside interpreted, arrival → sealed mini-block latency at 1 000 tx/s, and the
 * state root's share of the block interval.
 */
export async function benchSequencer(options: { seconds?: number } = {}): Promise<BenchResult[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 30)
  const senders = createSenders(256)
  const results: BenchResult[] = []
  for (const workload of [ethWorkload, erc20Workload]) {
    results.push(...(await throughput(workload, senders, seconds)))
  }
  results.push(...(await benchCompiledContracts(erc20Workload, senders, Math.min(seconds, 10))))
  results.push(...(await benchCompiledContracts(computeWorkload, senders, Math.min(seconds, 10))))
  results.push(...(await benchOrderFills(Math.min(seconds, 10))))
  results.push(...(await latencyAtRate(ethWorkload, senders, 1000, Math.min(seconds, 10))))
  results.push(...(await latencyAtRate(erc20Workload, senders, 1000, Math.min(seconds, 10))))
  results.push(...(await rootShare(erc20Workload, senders, 1000, Math.min(seconds, 10))))
  return results
}

async function throughput(workload: Workload, senders: Senders, seconds: number): Promise<BenchResult[]> {
  // Calibrate on a short run so the sustained run has enough signed transactions without signing for minutes.
  const probe = await workload.prepare(senders, 20_000)
  const calibration = await runSaturated(senders, probe.setup, probe.raws, 2)
  const needed = Math.min(
    800_000,
    Math.ceil((calibration.included / calibration.seconds) * seconds * 1.2) + 1000,
  )
  log(
    `${workload.name}: calibrated at ${Math.round(calibration.included / calibration.seconds)} tx/s; signing ${needed}`,
  )
  const full = await workload.prepare(senders, needed)
  const run = await runSaturated(senders, full.setup, full.raws, seconds)
  const rate = run.included / run.seconds
  log(`${workload.name}: ${run.included} included, ${run.failed} failed in ${run.seconds.toFixed(1)} s`)
  const stockCount = workload.name === 'eth' ? 1500 : 400
  const stock = await stockRunTxRate(senders.alloc, full.setup, full.raws.slice(0, stockCount))
  log(`${workload.name}: stock EthereumJS runTx ${Math.round(stock)} tx/s over ${stockCount}`)
  return [
    {
      name: `sequencer ${workload.label} transfers/s (in-process, ${seconds} s sustained)`,
      value: rate,
      unit: 'tx/s',
      better: 'higher',
      baseline: { name: 'stock EthereumJS runTx', value: stock },
    },
  ]
}

async function runSaturated(
  senders: Senders,
  setup: readonly Uint8Array[],
  raws: readonly Uint8Array[],
  seconds: number,
) {
  const sequencer = await createSequencer(defineConfig({ alloc: senders.alloc }))
  try {
    for (const raw of setup) await sequencer.submit(raw)
    return await driveSaturated(sequencer, raws, seconds)
  } finally {
    await sequencer.close()
  }
}

async function latencyAtRate(
  workload: Workload,
  senders: Senders,
  rate: number,
  seconds: number,
): Promise<BenchResult[]> {
  const warmup = 2
  const prepared = await workload.prepare(senders, rate * (seconds + warmup))
  const sequencer = await createSequencer(defineConfig({ alloc: senders.alloc }))
  try {
    for (const raw of prepared.setup) await sequencer.submit(raw)
    // The same load for a while first, so the figure is not the JIT's cold start.
    await driveAtRate(sequencer, prepared.raws.slice(0, rate * warmup), rate, warmup)
    const run = await driveAtRate(sequencer, prepared.raws.slice(rate * warmup), rate, seconds)
    const sorted = run.latenciesMs.sort((a, b) => a - b)
    log(`latency at ${rate} ${workload.label} tx/s: ${run.included} included, ${run.failed} failed`)
    return [
      {
        name: `arrival → sealed mini-block p50 at ${rate} ${workload.label} tx/s`,
        value: percentile(sorted, 50),
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `arrival → sealed mini-block p99 at ${rate} ${workload.label} tx/s`,
        value: percentile(sorted, 99),
        unit: 'ms',
        better: 'lower',
      },
    ]
  } finally {
    await sequencer.close()
  }
}

async function rootShare(
  workload: Workload,
  senders: Senders,
  rate: number,
  seconds: number,
): Promise<BenchResult[]> {
  const prepared = await workload.prepare(senders, rate * seconds)
  const sequencer = await createSequencer(defineConfig({ alloc: senders.alloc }))
  try {
    for (const raw of prepared.setup) await sequencer.submit(raw)
    const before = sequencer.stats()
    const run = await driveAtRate(sequencer, prepared.raws, rate, seconds)
    await sequencer.sealBlock()
    const after = sequencer.stats()
    const blocks = Number(after.blocks - before.blocks)
    const meanMs = (after.stateRootMs.total - before.stateRootMs.total) / Math.max(1, blocks)
    const interval = sequencer.config.blockIntervalMs
    log(
      `root share at ${rate} ${workload.label}/s: ${run.included} included over ${blocks} blocks, max ${after.stateRootMs.max.toFixed(1)} ms`,
    )
    return [
      {
        name: `state root, mean share of the ${interval} ms block at ${rate} ${workload.label} transfers/s`,
        value: (meanMs / interval) * 100,
        unit: '%',
        better: 'lower',
      },
      {
        name: `state root, worst block at ${rate} ${workload.label} transfers/s`,
        value: (after.stateRootMs.max / interval) * 100,
        unit: '%',
        better: 'lower',
      },
    ]
  } finally {
    await sequencer.close()
  }
}
