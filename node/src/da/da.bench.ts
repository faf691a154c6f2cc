// Durability figures: group-committed appends to the local log (rate and
// append → durable latency) beside one fdatasync per append, and the main-thread
// pause of a snapshot of 100k accounts + 100k slots.
// Runs inside `pnpm bench`, or alone: node --import tsx node/src/da/da.bench.ts
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type BenchResult, encodeStreamEvent, type StreamEvent } from '@rtevm/protocol'
import { percentile } from '../bench/percentile.ts'
import { loadLatestSnapshot, writeSnapshot } from '../snapshot/index.ts'
import { sampleState } from '../snapshot/snapshotTestSupport.ts'
import { openLocalLog } from './openLocalLog.ts'
import { sampleBlockEvent, sampleMiniBlockEvent } from './sampleEvents.ts'

const log = (message: string) => console.error(`  ${message}`)

type AppendRun = { rate: number; p50: number; p99: number; perBatch: number }

/** Log append rates and latencies, and snapshot pauses; about 15 s in all. */
export async function benchDataAvailability(options: { seconds?: number } = {}): Promise<BenchResult[]> {
  const seconds = Math.min(options.seconds ?? Number(process.env.BENCH_SECONDS ?? 3), 5)
  const root = await mkdtemp(join(tmpdir(), 'rtevm-da-bench-'))
  try {
    const serial = await appendRun(join(root, 'serial'), { inFlight: 1, seconds })
    log(`1 in flight: ${Math.round(serial.rate)} appends/s, p50 ${serial.p50.toFixed(2)} ms`)
    const busy = await appendRun(join(root, 'busy'), { inFlight: 256, seconds })
    log(
      `256 in flight: ${Math.round(busy.rate)} appends/s, p50 ${busy.p50.toFixed(2)} ms, p99 ${busy.p99.toFixed(2)} ms, ${busy.perBatch.toFixed(1)} per fdatasync`,
    )
    const paced = await appendRun(join(root, 'paced'), { perMs: 1, seconds })
    log(`1 000 appends/s: p50 ${paced.p50.toFixed(2)} ms, p99 ${paced.p99.toFixed(2)} ms`)
    const snapshot = await snapshotRun(join(root, 'snapshots'))
    const baseline = { name: 'one fdatasync per append (1 in flight)', value: serial.rate }
    return [
      {
        name: 'DA log appends/s, group commit, 256 in flight',
        value: busy.rate,
        unit: 'appends/s',
        better: 'higher',
        baseline,
      },
      { name: 'DA log append → durable p50, 256 in flight', value: busy.p50, unit: 'ms', better: 'lower' },
      { name: 'DA log append → durable p99, 256 in flight', value: busy.p99, unit: 'ms', better: 'lower' },
      { name: 'DA log append → durable p50, 1 000 appends/s', value: paced.p50, unit: 'ms', better: 'lower' },
      { name: 'DA log append → durable p99, 1 000 appends/s', value: paced.p99, unit: 'ms', better: 'lower' },
      ...snapshot,
    ]
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/** Appends mini-block events (a block every 1 000) either `inFlight` at a time or `perMs` per millisecond. */
async function appendRun(
  dir: string,
  pace: { inFlight: number; seconds: number } | { perMs: number; seconds: number },
): Promise<AppendRun> {
  const daLog = await openLocalLog({ dir })
  const latencies: number[] = []
  let seq = 0n
  const append = (): Promise<void> => {
    seq++
    const event: StreamEvent =
      seq % 1000n === 0n ? sampleBlockEvent(seq, seq / 1000n) : sampleMiniBlockEvent(seq)
    const encoded = encodeStreamEvent(event)
    const started = performance.now()
    return daLog.append(event, encoded).then(() => {
      latencies.push(performance.now() - started)
    })
  }
  const started = performance.now()
  const deadline = started + pace.seconds * 1000
  if ('inFlight' in pace) {
    const worker = async () => {
      while (performance.now() < deadline) await append()
    }
    await Promise.all(Array.from({ length: pace.inFlight }, worker))
  } else {
    const pending: Promise<void>[] = []
    let due = 0
    while (performance.now() < deadline) {
      // Catch up on the appends due so far, then let the event loop (and fsync callbacks) run.
      const target = Math.floor((performance.now() - started) * pace.perMs)
      for (; due < target; due++) pending.push(append())
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await Promise.all(pending)
  }
  const elapsed = (performance.now() - started) / 1000
  const stats = daLog.stats()
  await daLog.close()
  latencies.sort((a, b) => a - b)
  return {
    rate: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perBatch: stats.appends / stats.batches,
  }
}

/** Snapshot of 100k accounts + 100k storage slots: the event-loop pause, write and load times. */
async function snapshotRun(dir: string): Promise<BenchResult[]> {
  // Every 7th account is a contract with 7 slots: 100 000 accounts, 100 002 slots.
  const state = sampleState(100_000, 7)
  const head = {
    seq: 1n,
    block: (sampleBlockEvent(1n, 1n) as Extract<StreamEvent, { kind: 'block' }>).block,
    miniBlockNumber: 0n,
    meta: new Uint8Array(0),
  }
  await writeSnapshot(dir, head, state) // warm-up
  const captures: number[] = []
  const chunks: number[] = []
  let writeMs = 0
  let bytes = 0
  const runs = 5
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const written = await writeSnapshot(dir, { ...head, seq: BigInt(i + 2) }, state)
    writeMs += performance.now() - started
    captures.push(written.captureMs)
    chunks.push(written.longestChunkMs)
    bytes = written.bytes
  }
  const loadStarted = performance.now()
  await loadLatestSnapshot(dir)
  const loadMs = performance.now() - loadStarted
  captures.sort((a, b) => a - b)
  chunks.sort((a, b) => a - b)
  const capture = captures[runs >> 1]
  const chunk = chunks[runs >> 1]
  log(
    `snapshot of 100k accounts + 100k slots (${(bytes / 1e6).toFixed(1)} MB): capture pause ${capture.toFixed(1)} ms, longest chunk ${chunk.toFixed(1)} ms, write ${(writeMs / runs).toFixed(0)} ms, load ${loadMs.toFixed(0)} ms`,
  )
  return [
    {
      name: 'snapshot pause (consistent copy), 100k accounts + 100k slots, median',
      value: capture,
      unit: 'ms',
      better: 'lower',
    },
    {
      name: 'snapshot longest encode chunk between yields, 100k accounts + 100k slots, median',
      value: chunk,
      unit: 'ms',
      better: 'lower',
    },
    {
      name: 'snapshot write (background, fsynced), 100k accounts + 100k slots',
      value: writeMs / runs,
      unit: 'ms',
      better: 'lower',
    },
    { name: 'snapshot load, 100k accounts + 100k slots', value: loadMs, unit: 'ms', better: 'lower' },
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchDataAvailability()) {
    const base = r.baseline ? `  (${r.baseline.name}: ${r.baseline.value.toFixed(0)} ${r.unit})` : ''
    console.log(`${r.name}: ${r.value.toFixed(r.value >= 100 ? 0 : 2)} ${r.unit}${base}`)
  }
}
