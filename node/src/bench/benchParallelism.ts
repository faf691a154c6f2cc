import type { BenchResult } from '@rtevm/protocol'
import { createSenders } from '@rtevm/testkit'
import { analyzeBlock, recordWorkloadAccess } from '../parallelism/index.ts'
import { type ParallelismSummary, splitIntoBlocks, summarizeParallelism } from './summarizeParallelism.ts'
import { erc20Workload, ethWorkload, type Workload } from './workloads.ts'

const log = (message: string) => console.error(`  ${message}`)

/**
 * Block sizes the figures are given for: a mini-block's worth under load, an
 * Ethereum-sized block (what the whitepaper's median < 2 was measured on), and
 * a 1 s rtevm block at 1 000 tx/s.
 */
const BLOCK_SIZES = [10, 200, 1000] as const

export type WorkloadParallelism = { workload: string; blockSize: number; summary: ParallelismSummary }

/**
 * How many transactions of each workload's blocks could run side by side:
 * each workload runs in order with per-transaction read and write keys
 * recorded (see recordWorkloadAccess), cut into blocks of each size; per
 * block, the critical path of its dependency DAG. `extra` adds workloads
 * from elsewhere (bench/run.ts passes the playground's).
 */
export async function benchParallelism(extra: readonly Workload[] = []): Promise<BenchResult[]> {
  const count = Number(process.env.BENCH_PARALLELISM_TXS ?? 5000)
  const senders = createSenders(256)
  const figures: WorkloadParallelism[] = []
  for (const workload of [ethWorkload, erc20Workload, ...extra]) {
    const prepared = await workload.prepare(senders, count)
    const accesses = await recordWorkloadAccess({
      alloc: senders.alloc,
      setup: prepared.setup,
      transactions: prepared.raws,
    })
    log(`${workload.name}: ${accesses.length} of ${prepared.raws.length} transactions executed and recorded`)
    for (const blockSize of BLOCK_SIZES) {
      const blocks = splitIntoBlocks(accesses, blockSize).filter((block) => block.length === blockSize)
      figures.push({
        workload: workload.name,
        blockSize,
        summary: summarizeParallelism(blocks.map(analyzeBlock)),
      })
    }
  }
  printFigures(figures)
  console.error(JSON.stringify({ parallelism: figures }))
  return figures.map(({ workload, blockSize, summary }) => ({
    name: `available parallelism, ${workload}, median over ${summary.blocks} blocks of ${blockSize} tx`,
    value: summary.parallelism.median,
    unit: 'tx per critical-path step',
    better: 'higher',
  }))
}

function printFigures(figures: readonly WorkloadParallelism[]): void {
  const header = [
    'workload',
    'block',
    'blocks',
    'critical path p50/p90',
    'parallelism p50/p90',
    '2-core speed-up p50',
  ]
  const rows = figures.map(({ workload, blockSize, summary: s }) => [
    workload,
    String(blockSize),
    String(s.blocks),
    `${s.criticalPath.median} / ${s.criticalPath.p90}`,
    `${s.parallelism.median.toFixed(2)} / ${s.parallelism.p90.toFixed(2)}`,
    `${s.twoCoreSpeedup.median.toFixed(2)}×`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`
  console.error(line(header))
  for (const row of rows) console.error(line(row))
}
