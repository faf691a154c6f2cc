// The devnet benchmark's figures: one side-by-side table (rtevm, anvil, Hardhat) and the rows
// `pnpm bench` writes to its results file, one per peer as the edge suite writes them.
import { percentile } from '@rtevm/rpc-edge/bench'
import type { BenchResult } from '../lib/results.ts'
import type { PipelinedRun, SequentialSeries } from './clientMessages.ts'
import { WINDOW_MS } from './pipelined.ts'
import type { ClientRun } from './runClient.ts'

/** Everything measured on one chain. */
export type ChainFigures = ClientRun & {
  name: string
  /** Spawn → JSON-RPC answering; for rtevm also → everything up, and the restart after SIGKILL. */
  startMs: number
  upMs?: number
  restartMs?: number
  /** Restart → a read of the chain answered (eth_blockNumber waits for the edge's catch-up). */
  restartReadsMs?: number
  restartUpMs?: number
  /** Whether the restarted chain had every acknowledged transaction (sender nonce as before the kill). */
  recovered?: boolean
}

type Figure = {
  label: string
  unit: string
  better: 'higher' | 'lower'
  value(chain: ChainFigures): number | undefined
}

const KIND_LABEL = { eth: 'ETH transfer', erc20: 'ERC-20 transfer', order: 'order-book limit order' }
const OVER = { ws: 'WebSocket', http: 'HTTP' }
const PERCENTILES = [50, 90, 99, 99.9]

function figures(plan: { rates: number[]; senderCounts: number[]; seconds: number }): Figure[] {
  const list: Figure[] = []
  for (const transport of ['ws', 'http'] as const)
    for (const kind of ['eth', 'erc20', 'order'] as const)
      for (const p of PERCENTILES)
        list.push({
          label: `sync send ${KIND_LABEL[kind]} over ${OVER[transport]}, p${p}`,
          unit: 'ms',
          better: 'lower',
          value: (c) => {
            const s = c.report.sequential.find(
              (x: SequentialSeries) => x.kind === kind && x.transport === transport,
            )
            return s && percentile(s.samples, p)
          },
        })
  for (const senders of plan.senderCounts)
    for (const rate of plan.rates) {
      const run = (c: ChainFigures) =>
        c.report.pipelined.find((x: PipelinedRun) => x.senders === senders && x.offered === rate)
      const head = `pipelined ETH, ${senders} sender${senders > 1 ? 's' : ''} @ ${rate} tx/s offered for ${plan.seconds} s`
      for (const [window, pick] of [
        ['first', (r: PipelinedRun) => r.first],
        ['last', (r: PipelinedRun) => r.last],
      ] as const)
        for (const p of [50, 99])
          list.push({
            label: `${head}: ${window} ${WINDOW_MS / 1000} s p${p}`,
            unit: 'ms',
            better: 'lower',
            value: (c) => {
              const r = run(c)
              return r && percentile(pick(r), p)
            },
          })
      list.push({
        label: `${head}: achieved tx/s (receipts ÷ first send → last receipt)`,
        unit: 'tx/s',
        better: 'higher',
        value: (c) => run(c)?.achieved,
      })
    }
  list.push(
    { label: 'start → JSON-RPC answering', unit: 'ms', better: 'lower', value: (c) => c.startMs },
    { label: 'start → every service up (indexer, apps)', unit: 'ms', better: 'lower', value: (c) => c.upMs },
    {
      label: 'restart after SIGKILL of the sequencer → answering',
      unit: 'ms',
      better: 'lower',
      value: (c) => c.restartMs,
    },
    { label: 'restart → chain reads answered', unit: 'ms', better: 'lower', value: (c) => c.restartReadsMs },
    { label: 'restart → every service up', unit: 'ms', better: 'lower', value: (c) => c.restartUpMs },
    {
      label: 'resident memory, whole process tree, after warm-up',
      unit: 'MiB',
      better: 'lower',
      value: (c) => c.rssWarmMiB,
    },
    {
      label: 'resident memory, whole process tree, after the run (peers restart per pipelined run)',
      unit: 'MiB',
      better: 'lower',
      value: (c) => c.rssEndMiB,
    },
  )
  return list
}

const routeOf = (c: ChainFigures) =>
  c.report.route === 'sync' ? 'eth_sendRawTransactionSync' : 'eth_sendRawTransaction + receipt polling'

/** Prints the side-by-side table (stdout) and returns the result rows: ours against each peer. */
export function devnetResults(
  plan: { rates: number[]; senderCounts: number[]; seconds: number },
  chains: readonly ChainFigures[],
): BenchResult[] {
  const [ours, ...peers] = chains
  const list = figures(plan)
  const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : format(v))
  const rows = list.map((f) => [`${f.label} (${f.unit})`, ...chains.map((c) => cell(f.value(c)))])
  const header = ['devnet figure', ...chains.map((c) => c.name)]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  for (const c of chains) {
    const failures = c.report.pipelined.filter((r) => r.failed > 0 || r.confirmed < r.sent)
    const notes = failures.map(
      (r) =>
        `${r.senders} sender(s) @ ${r.offered} tx/s: ${r.confirmed}/${r.sent} confirmed${r.stranded ? `, ${r.stranded} left in its pool` : ''}${r.firstError ? ` (first error: ${r.firstError})` : ''}`,
    )
    const recovered =
      c.upMs !== undefined && c.restartMs === undefined
        ? '; the restart after SIGKILL failed (see the log)'
        : c.recovered === undefined
          ? ''
          : `; after SIGKILL ${c.recovered ? 'every acknowledged tx recovered' : 'ACKNOWLEDGED TXS LOST'}`
    console.log(
      `  ${c.name}: sends via ${routeOf(c)}${recovered}${notes.length ? `; ${notes.join('; ')}` : ''}`,
    )
  }
  const breakdown = printHopBreakdown(ours)
  console.log()
  // Rows name a chain's route only where it is not its own eth_sendRawTransactionSync.
  const polled = chains.filter((c) => c.report.route === 'poll')
  const routes = polled.length ? ` (${polled.map((c) => `${c.name}: ${routeOf(c)}`).join('; ')})` : ''
  return [
    ...list.flatMap((f): BenchResult[] => {
      const value = f.value(ours)
      if (value === undefined || Number.isNaN(value)) return []
      const name = `devnet: ${f.label}${f.label.startsWith('sync') || f.label.startsWith('pipelined') ? routes : ''}`
      const withPeers = peers.filter((p) => f.value(p) !== undefined && !Number.isNaN(f.value(p)))
      if (withPeers.length === 0) return [{ name, value, unit: f.unit, better: f.better }]
      return withPeers.map((p) => ({
        name: `${name} vs ${p.name}`,
        value,
        unit: f.unit,
        better: f.better,
        baseline: { name: p.name, value: f.value(p) as number },
      }))
    }),
    ...breakdown,
  ]
}

/**
 * The chain's own per-hop breakdown of each sequential series (rtevm's
 * /metrics: stamps carried by the send's path), printed as one table; the
 * p50 of each hop of the ETH transfer over WebSocket also becomes a row.
 */
function printHopBreakdown(chain: ChainFigures): BenchResult[] {
  const series = chain.report.sequential.filter((s) => s.hops && s.hops.length > 0)
  if (series.length === 0) return []
  const hops = [...new Set(series.flatMap((s) => s.hops!.map((h) => h.hop)))]
  const header = ['hop (p50 / p99 ms)', ...series.map((s) => `${s.kind} ${s.transport}`)]
  const rows = hops.map((hop) => [
    hop,
    ...series.map((s) => {
      const h = s.hops!.find((x) => x.hop === hop)
      return h ? `${h.p50Ms.toFixed(3)} / ${h.p99Ms.toFixed(3)}` : '—'
    }),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(
    `\n${chain.name}: one sync send, hop by hop (from the edge's /metrics over each measured series)`,
  )
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  const eth = series.find((s) => s.kind === 'eth' && s.transport === 'ws')
  return (eth?.hops ?? []).map((h) => ({
    name: `devnet: sync send ETH transfer over WebSocket, hop ${h.hop}, p50`,
    value: h.p50Ms,
    unit: 'ms',
    better: 'lower' as const,
  }))
}

function format(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  return value.toPrecision(3)
}
