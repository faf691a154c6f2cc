import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { type BenchResult, type ChainGenesis, decodeStreamEvent, encodeStateDiff } from '@rtevm/protocol'
import { createSenders, type Senders } from '@rtevm/testkit'
import { defineConfig, type SequencerConfig } from '../config/index.ts'
import { createReplica, type Replica, type ReplicaOptions } from '../replica/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import type { LoggedEvent } from '../stream/index.ts'
import { driveSaturated } from './drive.ts'
import { erc20Workload, ethWorkload, type Workload } from './workloads.ts'

const log = (message: string) => console.error(`  ${message}`)
/** Signed per workload: enough for a few seconds of execution on this machine. */
const TRANSACTIONS = 40_000

/**
 * Node specialization in figures: how much faster a full node applies the
 * sequencer's diffs than the sequencer executes the same transactions; what
 * the durable log costs the sequencer; how long a restart replays the log.
 */
export async function benchReplication(options: { seconds?: number } = {}): Promise<BenchResult[]> {
  const seconds = Math.min(options.seconds ?? Number(process.env.BENCH_SECONDS ?? 30), 10)
  const senders = createSenders(256, 10n ** 24n, 3)
  const results: BenchResult[] = []
  for (const workload of [ethWorkload, erc20Workload])
    results.push(...(await applyVersusExecute(workload, senders, seconds)))
  results.push(...(await durabilityCost(senders, seconds)))
  return results
}

async function applyVersusExecute(
  workload: Workload,
  senders: Senders,
  seconds: number,
): Promise<BenchResult[]> {
  const config = defineConfig({ alloc: senders.alloc, blockIntervalMs: 1000 })
  const prepared = await workload.prepare(senders, TRANSACTIONS)
  const sequencer = await createSequencer(config)
  const stream: LoggedEvent[] = [...sequencer.events.readFrom(1n, 1)]
  const stop = sequencer.events.subscribe((logged) => stream.push(logged))
  let executed: { included: number; seconds: number }
  try {
    for (const raw of prepared.setup) await sequencer.submit(raw)
    executed = await driveSaturated(sequencer, prepared.raws, seconds)
    await sequencer.sealBlock()
  } finally {
    stop()
    await sequencer.close()
  }
  // The full node's whole job per event: decode the bytes off the wire, apply the diff, re-derive each block's roots.
  const replica = await createReplica(sequencer.genesis)
  const started = performance.now()
  for (const { bytes } of stream) replica.apply(decodeStreamEvent(bytes))
  const applySeconds = (performance.now() - started) / 1000
  if (replica.haltedBy() !== undefined) throw replica.haltedBy()
  const transactions = executed.included + prepared.setup.length
  const executeRate = executed.included / executed.seconds
  const applyRate = transactions / applySeconds
  log(
    `${workload.label}: executed ${Math.round(executeRate)} tx/s; a full node applied the ${stream.length} events at ${Math.round(applyRate)} tx/s`,
  )
  const wire = wireBytes(stream)
  const history = await historyMemory(stream, sequencer.genesis)
  log(
    `${workload.label}: state history holds ${history.blocks} blocks in ${(history.bytes / 2 ** 20).toFixed(1)} MiB of heap`,
  )
  const index = await indexMemory(stream, sequencer.genesis)
  return [
    {
      name: `replica index (mini-blocks, transactions, logs) heap per ${workload.label} transfer (saturated mini-blocks)`,
      value: index / transactions,
      unit: 'B',
      better: 'lower',
    },
    {
      name: `state history (older-block reads) heap per ${workload.label} transfer (saturated mini-blocks)`,
      value: history.bytes / transactions,
      unit: 'B',
      better: 'lower',
    },
    {
      name: `state history heap per block of ${workload.label} transfers (${Math.round(transactions / Math.max(1, history.blocks))} per block)`,
      value: history.bytes / Math.max(1, history.blocks),
      unit: 'B',
      better: 'lower',
    },
    {
      name: `link bytes per ${workload.label} transfer, whole mini-block frames, compact (saturated mini-blocks)`,
      value: wire.compactFrame / transactions,
      unit: 'B',
      better: 'lower',
      baseline: { name: 'v1 frames', value: wire.plainFrame / transactions },
    },
    {
      name: `state-diff bytes per ${workload.label} transfer on the link, compact (saturated mini-blocks)`,
      value: wire.compactDiff / transactions,
      unit: 'B',
      better: 'lower',
      baseline: { name: 'v1 diffs', value: wire.plainDiff / transactions },
    },
    {
      name: `full node diff-apply rate, ${workload.label} transfers (decode + apply + roots) vs sequencer execution`,
      value: applyRate,
      unit: 'tx/s',
      better: 'higher',
      baseline: { name: 'sequencer executing them', value: executeRate },
    },
    {
      name: `full node apply / sequencer execute, ${workload.label} (target ≥ 10)`,
      value: applyRate / executeRate,
      unit: '×',
      better: 'higher',
    },
  ]
}

/**
 * The heap a replica's state history costs: a replica with the default
 * window against one with none, each applying the whole stream and measured
 * after a full GC while it is the only one of the two alive.
 */
async function historyMemory(stream: readonly LoggedEvent[], genesis: ChainGenesis) {
  const kept = await replicaHeap(stream, genesis, {})
  const bare = await replicaHeap(stream, genesis, { history: { blocks: 0 } })
  return { blocks: kept.blocks, bytes: Math.max(0, kept.heap - bare.heap) }
}

/** Likewise the heap of the replica's index of mini-blocks, transactions and logs: default retention against one mini-block. */
async function indexMemory(stream: readonly LoggedEvent[], genesis: ChainGenesis) {
  const kept = await replicaHeap(stream, genesis, {})
  const bare = await replicaHeap(stream, genesis, { retainMiniBlocks: 1 })
  return Math.max(0, kept.heap - bare.heap)
}

async function replicaHeap(stream: readonly LoggedEvent[], genesis: ChainGenesis, options: ReplicaOptions) {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  let replica: Replica | undefined = await createReplica(genesis, options)
  for (const { bytes } of stream) replica.apply(decodeStreamEvent(bytes))
  gc()
  const heap = process.memoryUsage().heapUsed
  const { blocks } = replica.history.stats()
  replica = undefined
  return { heap, blocks }
}

/**
 * What the link sends for the stream's mini-blocks: v1 and compact frames
 * share everything but the diff section, so the diff's share is the v1 diff's
 * own encoding and, for compact frames, what is left after the shared part.
 */
function wireBytes(stream: readonly LoggedEvent[]) {
  const totals = { plainFrame: 0, compactFrame: 0, plainDiff: 0, compactDiff: 0 }
  for (const { event, bytes, wire } of stream) {
    if (event.kind !== 'miniBlock' || !wire) continue
    const plainDiff = encodeStateDiff(event.miniBlock.stateDiff).length - 1
    totals.plainFrame += bytes.length
    totals.compactFrame += wire.length
    totals.plainDiff += plainDiff
    totals.compactDiff += wire.length - (bytes.length - plainDiff)
  }
  return totals
}

async function durabilityCost(senders: Senders, seconds: number): Promise<BenchResult[]> {
  // Each run is a fresh chain, so each gets the same transactions from nonce 0.
  const raws = (await ethWorkload.prepare(senders, TRANSACTIONS)).raws
  const memory = await saturated(defineConfig({ alloc: senders.alloc }), raws, seconds)
  const dir = await mkdtemp(join(tmpdir(), 'rtevm-bench-da-'))
  try {
    const config = defineConfig({ alloc: senders.alloc, dataDir: dir, snapshotEveryBlocks: 0 })
    const durable = await saturated(config, raws, seconds)
    // Restart: no snapshot, so the whole log's diffs are replayed (never re-executed).
    const started = performance.now()
    const restarted = await createSequencer(config)
    const recoveryMs = performance.now() - started
    await restarted.close()
    log(
      `durability: ${Math.round(memory.rate)} tx/s in RAM only, ${Math.round(durable.rate)} tx/s with the log; restart over ${durable.included} transactions took ${recoveryMs.toFixed(0)} ms`,
    )
    return [
      {
        name: 'sequencer ETH transfers/s with the durable DA log (fsync before each receipt)',
        value: durable.rate,
        unit: 'tx/s',
        better: 'higher',
        baseline: { name: 'no log (RAM only)', value: memory.rate },
      },
      {
        name: 'restart time per million logged transactions (log replay, no snapshot)',
        value: (recoveryMs / 1000) * (1_000_000 / Math.max(1, durable.included)),
        unit: 's',
        better: 'lower',
      },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function saturated(config: SequencerConfig, raws: Uint8Array[], seconds: number) {
  const sequencer = await createSequencer(config)
  try {
    const run = await driveSaturated(sequencer, raws, seconds)
    return { rate: run.included / run.seconds, included: run.included }
  } finally {
    await sequencer.close()
  }
}
