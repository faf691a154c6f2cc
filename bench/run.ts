// pnpm bench: every benchmark in one run, a table, and bench/results/latest.json.
// BENCH_ONLY=sequencer,commitment selects suites; BENCH_SECONDS shortens the sustained runs.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BenchResult, printTable } from './lib/results.ts'

// Loaded lazily so BENCH_ONLY skips a suite's start-up cost as well.
const suites: Record<string, () => Promise<BenchResult[]>> = {
  sequencer: async () => (await import('@rtevm/node/bench')).benchSequencer(),
  commitment: async () => (await import('@rtevm/node/bench')).benchCommitment(),
  replication: async () => (await import('@rtevm/node/bench')).benchReplication(),
  da: async () => (await import('@rtevm/node/bench')).benchDataAvailability(),
  diffsize: async () => (await import('@rtevm/node/bench')).benchDiffSize(),
  verifier: async () => (await import('@rtevm/node/bench')).benchVerifier(),
  parallelism: async () =>
    (await import('@rtevm/node/bench')).benchParallelism(
      (await import('@rtevm/playground/bench')).playgroundWorkloads,
    ),
  edge: async () => (await import('@rtevm/rpc-edge/bench')).benchEdge(),
  fanout: async () => (await import('@rtevm/rpc-edge/bench')).benchFanout(),
  readload: async () => (await import('@rtevm/rpc-edge/bench')).benchReadLoad(),
  indexer: async () => (await import('@rtevm/indexer/bench')).benchIndexer(),
  explorer: async () => (await import('@rtevm/explorer/bench')).benchExplorerHome(),
  playground: async () => (await import('@rtevm/playground/bench')).benchPlaygroundClick(),
  devnet: async () => (await import('./devnet/benchDevnet.ts')).benchDevnet(),
}

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
const results: BenchResult[] = []
for (const [name, run] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue
  console.error(`\n▶ ${name}`)
  const started = performance.now()
  results.push(...(await run()))
  console.error(`  ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

console.log()
printTable(results)
const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json')
mkdirSync(dirname(file), { recursive: true })
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`)
console.log(`\nwrote ${file}`)
console.log(JSON.stringify(results))
