import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLinkServer, createSequencer, defineConfig, type Sequencer } from '@rtevm/node'
import { driveAtRate, driveSaturated, erc20Workload, ethTransfers, percentile } from '@rtevm/node/bench'
import type { BenchResult } from '@rtevm/protocol'
import { createSenders, startTestPostgres } from '@rtevm/testkit'
import { type IndexerStoreArgs, startIndexerProcess } from './indexerProcess.ts'
import { startLagProbe } from './lagProbe.ts'

const log = (message: string) => console.error(`  ${message}`)
const SECONDS = Math.min(10, Number(process.env.BENCH_SECONDS ?? 10))
const CATCH_UP_LIMIT_MS = 120_000
/** ETH transfers sent at 1 000/s before anything is measured. */
const WARMUP = 3000

/**
 * The indexer as `pnpm start` runs it (its own process, the real CLI), on
 * PGlite and on Postgres, following an in-process sequencer:
 * - lag from a mini-block's seal to its delivery on a GraphQL `miniBlocks`
 *   subscription (graphql-ws), at 1 000 ERC-20 transfers/s and 5 000 ETH
 *   transfers/s (this machine's sequencer tops out near 1 900 ERC-20/s);
 * - the same lag while the sequencer runs flat out, first half against second
 *   half: whether indexing keeps up with the sequencer's sustained rate;
 * - replay throughput: a fresh indexer catching up on the whole chain.
 */
export async function benchIndexer(): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  const dir = mkdtempSync(join(tmpdir(), 'rtevm-bench-indexer-'))
  try {
    results.push(...(await benchOn('PGlite', (name) => ({ kind: 'pglite', dataDir: join(dir, name) }))))
    const postgres = await startTestPostgres()
    try {
      const databases = new Map<string, string>()
      for (const name of ['live', 'replay']) databases.set(name, await postgres.createDatabase())
      results.push(
        ...(await benchOn('Postgres', (name) => ({ kind: 'postgres', url: databases.get(name)! }))),
      )
    } finally {
      await postgres.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}

async function benchOn(label: string, store: (name: string) => IndexerStoreArgs): Promise<BenchResult[]> {
  const tokenSenders = createSenders(128, 10n ** 24n, 1)
  const ethSenders = createSenders(128, 10n ** 24n, 2)
  const config = defineConfig({ alloc: [...tokenSenders.alloc, ...ethSenders.alloc], link: { port: 0 } })
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  const results: BenchResult[] = []
  try {
    const live = await startIndexerProcess(link.url, store('live'))
    const probe = await startLagProbe(live.wsUrl)
    try {
      const tokens = await erc20Workload.prepare(tokenSenders, 1000 * SECONDS)
      for (const raw of tokens.setup) await sequencer.submit(raw)
      const eth = ethTransfers(ethSenders.signers, WARMUP + 5000 * SECONDS + 60_000)
      // Unmeasured: the indexer process's first batches (JIT, the database's first pages) and the setup's backlog.
      await driveAtRate(sequencer, eth.slice(0, WARMUP), 1000, WARMUP / 1000)
      await settle()
      const ethAt5k = eth.slice(WARMUP, WARMUP + 5000 * SECONDS)
      const lagAt = async (rate: number, kind: string, raws: readonly Uint8Array[]) => {
        probe.mark()
        const run = await driveAtRate(sequencer, raws, rate, SECONDS)
        await settle()
        const { lagsMs, transactions } = probe.take()
        log(
          `${label}: ${kind} at ${rate} tx/s: ${run.included} included, ${transactions} seen on the subscription`,
        )
        return lagResults(`${label}, ${rate.toLocaleString('en-US')} ${kind}/s`, lagsMs, label)
      }
      results.push(...(await lagAt(1000, 'ERC-20 transfers', tokens.raws)))
      results.push(...(await lagAt(5000, 'ETH transfers', ethAt5k)))
      results.push(...(await saturated(label, sequencer, probe, eth.slice(WARMUP + ethAt5k.length))))
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

/** Lets the last mini-blocks of a run reach the subscriber. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

function lagResults(name: string, lagsMs: number[], label: string): BenchResult[] {
  const target = label === 'Postgres' ? 10 : 50
  return [50, 99].map((p) => ({
    name: `indexer lag sealed → GraphQL subscription p${p} (${name})${p === 99 ? `, target < ${target} ms` : ''}`,
    value: percentile(lagsMs, p),
    unit: 'ms',
    better: 'lower' as const,
  }))
}

/** Flat out: does the lag grow from the first half of the run to the second? */
async function saturated(
  label: string,
  sequencer: Sequencer,
  probe: Awaited<ReturnType<typeof startLagProbe>>,
  raws: readonly Uint8Array[],
): Promise<BenchResult[]> {
  probe.mark()
  const firstHalf = driveSaturated(sequencer, raws, SECONDS / 2)
  const first = await firstHalf
  const early = probe.take()
  probe.mark()
  const second = await driveSaturated(sequencer, raws.slice(first.included + first.failed), SECONDS / 2)
  await settle()
  const late = probe.take()
  const rate = (first.included + second.included) / (first.seconds + second.seconds)
  log(
    `${label}: saturated ETH at ${Math.round(rate)} tx/s; lag p99 ${percentile(early.lagsMs, 99).toFixed(1)} ms then ${percentile(late.lagsMs, 99).toFixed(1)} ms`,
  )
  return [
    {
      name: `indexer lag p99 with the sequencer flat out (${label}, ETH at ${Math.round(rate).toLocaleString('en-US')} tx/s), second half of the run`,
      value: percentile(late.lagsMs, 99),
      unit: 'ms',
      better: 'lower',
      baseline: { name: 'first half', value: percentile(early.lagsMs, 99) },
    },
  ]
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
      await new Promise((resolve) => setTimeout(resolve, 50))
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
