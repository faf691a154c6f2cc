import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLinkServer, createSequencer, defineConfig, type Sequencer } from '@rtevm/node'
import { driveAtRate, driveSaturated, erc20Workload, ethTransfers, percentile } from '@rtevm/node/bench'
import type { BenchResult } from '@rtevm/protocol'
import { createSenders, startTestPostgres } from '@rtevm/testkit'
import { type IndexerProcess, type IndexerStoreArgs, startIndexerProcess } from './indexerProcess.ts'
import { type LagProbe, startLagProbe } from './lagProbe.ts'
import { measurePollingBaseline, type PollingBaseline } from './pollingBaseline.ts'

const log = (message: string) => console.error(`  ${message}`)
const SECONDS = Math.min(10, Number(process.env.BENCH_SECONDS ?? 10))
/** The flat-out run: 60 s by default, its first and last SECONDS compared. */
const FLAT_OUT_SECONDS = 6 * SECONDS
/** ERC-20 transfers signed per second of the flat-out run: above what this sequencer reaches. */
const FLAT_OUT_RATE_CAP = 2500
const CATCH_UP_LIMIT_MS = 300_000
/** BENCH_INDEXER_CPU_PROF=dir: the live indexer process writes a V8 CPU profile there when it stops. */
const PROFILE_ARGS = process.env.BENCH_INDEXER_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_INDEXER_CPU_PROF}`]
  : []
/** ETH transfers sent at 1 000/s before anything is measured. */
const WARMUP = 3000

/**
 * The indexer as `pnpm start` runs it (its own process, the real CLI), on
 * PGlite and on Postgres, following an in-process sequencer:
 * - lag from a mini-block's seal to its delivery on a GraphQL `miniBlocks`
 *   subscription (graphql-ws), at 1 000 ERC-20 transfers/s — beside the
 *   baseline, a polling indexer against anvil (see `measurePollingBaseline`)
 *   — and at 5 000 ETH transfers/s;
 * - the same lag with the sequencer running ERC-20 transfers flat out for
 *   FLAT_OUT_SECONDS, the mini-blocks sealed in its first SECONDS against
 *   those sealed in its last: whether indexing keeps up (batches grow) or
 *   falls behind (lag grows);
 * - replay throughput: a fresh indexer catching up on the whole chain.
 */
export async function benchIndexer(): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  log(`baseline: polling indexer against anvil, ERC-20 transfers at 1000/s for ${SECONDS} s`)
  const baseline = await measurePollingBaseline(1000, SECONDS)
  log(
    `baseline: anvil mined ${Math.round(baseline.minedPerSecond)} blocks/s, ${baseline.logsSeen} logs seen; lag p50 ${baseline.p50.toFixed(0)} ms, p99 ${baseline.p99.toFixed(0)} ms`,
  )
  const workload = await prepareWorkload()
  const dir = mkdtempSync(join(tmpdir(), 'rtevm-bench-indexer-'))
  try {
    const onPglite = (name: string): IndexerStoreArgs => ({ kind: 'pglite', dataDir: join(dir, name) })
    results.push(...(await benchOn('PGlite', onPglite, workload, baseline)))
    const postgres = await startTestPostgres()
    try {
      const databases = new Map<string, string>()
      for (const name of ['live', 'replay']) databases.set(name, await postgres.createDatabase())
      const onPostgres = (name: string): IndexerStoreArgs => ({ kind: 'postgres', url: databases.get(name)! })
      results.push(...(await benchOn('Postgres', onPostgres, workload, baseline)))
    } finally {
      await postgres.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}

/** Signed once, valid on each store's fresh sequencer (same senders, same genesis). */
type Workload = {
  alloc: ReturnType<typeof createSenders>['alloc']
  /** Token deployments and mints, sent first. */
  setup: Uint8Array[]
  /** 1 000/s for SECONDS. */
  tokenRaws: Uint8Array[]
  /**
   * The flat-out run's, from senders of their own: a transfer the mempool
   * refuses at one rate leaves its sender's later nonces stuck, never the other run's.
   */
  flatOutRaws: Uint8Array[]
  eth: Uint8Array[]
}

async function prepareWorkload(): Promise<Workload> {
  const tokenSenders = createSenders(128, 10n ** 24n, 1)
  const ethSenders = createSenders(128, 10n ** 24n, 2)
  const flatOutSenders = createSenders(128, 10n ** 24n, 4)
  const tokens = await erc20Workload.prepare(tokenSenders, 1000 * SECONDS)
  const flatOut = await erc20Workload.prepare(flatOutSenders, FLAT_OUT_RATE_CAP * FLAT_OUT_SECONDS)
  return {
    alloc: [...tokenSenders.alloc, ...ethSenders.alloc, ...flatOutSenders.alloc],
    setup: [...tokens.setup, ...flatOut.setup],
    tokenRaws: tokens.raws,
    flatOutRaws: flatOut.raws,
    eth: ethTransfers(ethSenders.signers, WARMUP + 5000 * SECONDS),
  }
}

async function benchOn(
  label: string,
  store: (name: string) => IndexerStoreArgs,
  workload: Workload,
  baseline: PollingBaseline,
): Promise<BenchResult[]> {
  const { eth } = workload
  const config = defineConfig({ alloc: workload.alloc, link: { port: 0 } })
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  const results: BenchResult[] = []
  try {
    const live = await startIndexerProcess(link.url, store('live'), PROFILE_ARGS)
    const probe = await startLagProbe(live.wsUrl)
    try {
      for (const raw of workload.setup) await sequencer.submit(raw)
      // Unmeasured: the indexer process's first batches (JIT, the database's first pages) and the setup's backlog.
      await driveAtRate(sequencer, eth.slice(0, WARMUP), 1000, WARMUP / 1000)
      await settle(live, sequencer)
      const lagAt = async (rate: number, kind: string, raws: readonly Uint8Array[]) => {
        probe.mark()
        const cpuBefore = live.cpuMs()
        const run = await driveAtRate(sequencer, raws, rate, SECONDS)
        const cpu = (live.cpuMs() - cpuBefore) / 10 / run.seconds
        await settle(live, sequencer)
        const { lagsMs, transactions } = probe.take()
        log(
          `${label}: ${kind} at ${rate} tx/s: ${run.included} included, ${transactions} seen on the subscription; indexer process CPU ${cpu.toFixed(0)}%`,
        )
        return lagsMs
      }
      const erc20Lags = await lagAt(1000, 'ERC-20 transfers', workload.tokenRaws)
      results.push(...lagResults(`${label}, 1,000 ERC-20 transfers/s`, erc20Lags, label, baseline))
      const ethLags = await lagAt(5000, 'ETH transfers', eth.slice(WARMUP))
      results.push(...lagResults(`${label}, 5,000 ETH transfers/s`, ethLags, label))
      results.push(...(await flatOut(label, sequencer, live, probe, workload.flatOutRaws)))
    } finally {
      await probe.close()
      await live.stop()
    }
    results.push(await replay(label, link.url, sequencer, store('replay')))
  } finally {
    await link.close()
    await sequencer.close()
  }
  return results
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits until the indexer has committed everything the sequencer logged, and
 * a little more for the last batch to reach the subscriber: a run's backlog
 * counts in that run, never in the next.
 */
async function settle(indexer: IndexerProcess, sequencer: Sequencer): Promise<void> {
  const head = sequencer.events.head()
  const started = performance.now()
  while ((await indexer.meta()).cursor < head) {
    if (performance.now() - started > CATCH_UP_LIMIT_MS)
      throw new Error(`the indexer did not catch up within ${CATCH_UP_LIMIT_MS / 1000} s`)
    await sleep(20)
  }
  await sleep(100)
}

function lagResults(
  name: string,
  lagsMs: number[],
  label: string,
  baseline?: PollingBaseline,
): BenchResult[] {
  const target = label === 'Postgres' ? 10 : 50
  return ([50, 99] as const).map((p) => ({
    name: `indexer lag sealed → GraphQL subscription p${p} (${name})${p === 99 ? `, target < ${target} ms` : ''}`,
    value: percentile(lagsMs, p),
    unit: 'ms',
    better: 'lower' as const,
    ...(baseline && {
      baseline: {
        name: 'polling indexer on anvil (1 s, eth_getLogs)',
        value: p === 50 ? baseline.p50 : baseline.p99,
      },
    }),
  }))
}

/**
 * Flat out: ERC-20 transfers as fast as the sequencer takes them for
 * FLAT_OUT_SECONDS. Keeping up means the lag of mini-blocks sealed in the
 * last SECONDS is no larger than in the first (batches grow instead).
 */
async function flatOut(
  label: string,
  sequencer: Sequencer,
  live: IndexerProcess,
  probe: LagProbe,
  raws: readonly Uint8Array[],
): Promise<BenchResult[]> {
  const wallMs = () => performance.timeOrigin + performance.now()
  probe.mark()
  const started = wallMs()
  const run = await driveSaturated(sequencer, raws, FLAT_OUT_SECONDS)
  const ended = wallMs()
  await settle(live, sequencer)
  const first = probe.between(started, started + SECONDS * 1000)
  const last = probe.between(ended - SECONDS * 1000, ended)
  const rate = run.included / run.seconds
  if (run.included + run.failed >= raws.length)
    log(`${label}: the flat-out run used all ${raws.length} signed transfers before ${FLAT_OUT_SECONDS} s`)
  const p99 = (lags: number[]) => percentile(lags, 99).toFixed(1)
  log(
    `${label}: flat out, ERC-20 at ${Math.round(rate)} tx/s for ${run.seconds.toFixed(0)} s; lag p99 first ${SECONDS} s ${p99(first)} ms, last ${SECONDS} s ${p99(last)} ms`,
  )
  const what = `with the sequencer flat out (${label}, ERC-20 at ${Math.round(rate).toLocaleString('en-US')} tx/s for ${run.seconds.toFixed(0)} s)`
  return ([50, 99] as const).map((p) => ({
    name: `indexer lag p${p} ${what}, last ${SECONDS} s${p === 99 ? ', target ≤ first' : ''}`,
    value: percentile(last, p),
    unit: 'ms',
    better: 'lower' as const,
    baseline: { name: `first ${SECONDS} s`, value: percentile(first, p) },
  }))
}

/** A fresh indexer on a fresh database catching up on everything the sequencer has streamed. */
async function replay(
  label: string,
  sequencerUrl: string,
  sequencer: Sequencer,
  store: IndexerStoreArgs,
): Promise<BenchResult> {
  const head = sequencer.events.head()
  const transactions = Number(sequencer.stats().transactions)
  const started = performance.now()
  const indexer = await startIndexerProcess(sequencerUrl, store)
  try {
    for (;;) {
      const { cursor } = await indexer.meta()
      if (cursor >= head) break
      if (performance.now() - started > CATCH_UP_LIMIT_MS)
        throw new Error(`replay reached ${cursor} of ${head} events in ${CATCH_UP_LIMIT_MS / 1000} s`)
      await sleep(50)
    }
  } finally {
    await indexer.stop()
  }
  const seconds = (performance.now() - started) / 1000
  log(`${label}: replayed ${head} events (${transactions} transactions) in ${seconds.toFixed(1)} s`)
  return {
    name: `indexer replay from genesis (${label}), process start included`,
    value: transactions / seconds,
    unit: 'tx/s',
    better: 'higher',
  }
}
