import type { BenchResult } from '@rtevm/protocol'
import { type DiffWorkload, erc20DiffWorkload, ethDiffWorkload, swapDiffWorkload } from './diffWorkloads.ts'
import { measureCodecSpeed } from './measureCodecSpeed.ts'
import { type Batching, measureDiffSize } from './measureDiffSize.ts'
import { measureTableMemory } from './measureTableMemory.ts'

const log = (message: string) => console.error(`  ${message}`)

const BATCHINGS: { batching: Batching; label: string; count: number; senders: number }[] = [
  { batching: 'realtime', label: '1–2 tx mini-blocks', count: 600, senders: 64 },
  { batching: 'large', label: 'large mini-blocks', count: 2000, senders: 512 },
]
const TIPS = [
  { tip: 0n, label: 'tip 0' },
  { tip: 1_000_000_000n, label: 'tip 1 gwei' },
]

/**
 * State-diff bytes per transaction on the wire: v1 (self-contained) beside v2
 * (compact: ids and deltas against the follower's state) for ETH transfers,
 * ERC-20 transfers and pool swaps, with 1–2 transactions per mini-block and
 * with large mini-blocks, with and without a priority fee (which credits the
 * coinbase in every diff); plus the id tables' memory per key.
 */
export async function benchDiffSize(): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  for (const workload of [ethDiffWorkload, erc20DiffWorkload, swapDiffWorkload]) {
    for (const { batching, label, count, senders } of BATCHINGS) {
      for (const { tip, label: tipLabel } of TIPS) {
        results.push(...(await sizeOf(workload, batching, `${label}, ${tipLabel}`, count, senders, tip)))
      }
    }
  }
  for (const [accounts, slotsPerAccount, label] of [
    [100_000, 0, 'accounts'],
    [10_000, 10, 'accounts with 10 slots each'],
  ] as const) {
    const memory = measureTableMemory(accounts, slotsPerAccount)
    log(
      `id tables, ${memory.keys} keys (${label}): ${memory.bytesPerKey.toFixed(1)} B in memory, ${memory.exportBytesPerKey.toFixed(1)} B exported per key`,
    )
    results.push(
      {
        name: `compact diff id tables: bytes in memory per key (${label})`,
        value: memory.bytesPerKey,
        unit: 'B',
        better: 'lower',
      },
      {
        name: `compact diff id tables: snapshot bytes per key (${label})`,
        value: memory.exportBytesPerKey,
        unit: 'B',
        better: 'lower',
      },
    )
  }
  const speed = measureCodecSpeed()
  log(
    `codec, ERC-20 transfer diff (warm): v1 encode ${speed.v1EncodeUs.toFixed(2)} µs, decode ${speed.v1DecodeUs.toFixed(2)} µs; v2 encode ${speed.v2EncodeUs.toFixed(2)} µs, decode ${speed.v2DecodeUs.toFixed(2)} µs`,
  )
  results.push(
    {
      name: 'compact diff encode µs per ERC-20 transfer diff (warm)',
      value: speed.v2EncodeUs,
      unit: 'µs',
      better: 'lower',
      baseline: { name: 'v1', value: speed.v1EncodeUs },
    },
    {
      name: 'compact diff decode µs per ERC-20 transfer diff (warm)',
      value: speed.v2DecodeUs,
      unit: 'µs',
      better: 'lower',
      baseline: { name: 'v1', value: speed.v1DecodeUs },
    },
  )
  return results
}

async function sizeOf(
  workload: DiffWorkload,
  batching: Batching,
  label: string,
  count: number,
  senders: number,
  tip: bigint,
): Promise<BenchResult[]> {
  const run = await measureDiffSize({ workload, batching, tip, count, senders })
  const v1 = run.v1Bytes / run.transactions
  const v2 = run.v2Bytes / run.transactions
  log(
    `${workload.name} ${label}: ${run.transactions} tx in ${run.miniBlocks} mini-blocks; v1 ${v1.toFixed(1)} B/tx, v2 ${v2.toFixed(1)} B/tx`,
  )
  const results: BenchResult[] = [
    {
      name: `state diff bytes per ${workload.label}, v2 compact (${label})`,
      value: v2,
      unit: 'B',
      better: 'lower',
      baseline: { name: 'v1', value: v1 },
    },
    {
      name: `state diff bytes per ${workload.label}, v1 (${label})`,
      value: v1,
      unit: 'B',
      better: 'lower',
      ...(workload.naiveBytes ? { baseline: { name: 'whitepaper naive', value: workload.naiveBytes } } : {}),
    },
  ]
  return results
}
