// Explorer benchmark: receipt → visible on the home page, in Chromium, at 100 and 1 000 tx/s, and the
// frame rate under that load. Run alone: `node --import tsx explorer/bench/homeLatency.ts` (prints a
// table, then the results as JSON); `pnpm bench` can call benchExplorerHome().
// BENCH_SECONDS shortens each rate's window (default 5 s); EXPLORER_BENCH_REUSE_BUILD=1 skips `next build`
// when explorer/dist/next-test holds a build.
import { pathToFileURL } from 'node:url'
import type { BenchResult } from '@rtevm/protocol'
import { createSenders, launchChromium, type TxSigner } from '@rtevm/testkit'
import type { Browser, Page } from 'playwright-core'
import { bytesToHex, type Hex } from 'viem'
import { type Stack, startStack } from '../tests/support/startStack.ts'
import { installVisibilityProbe, readVisibilityProbe, resetVisibilityProbe } from './visibilityProbe.ts'

// Enough senders that no one's queue at the sequencer (64 pending) fills at 1 000 tx/s.
const SENDERS = 200
const RATES = [100, 1_000]
const SECONDS = Math.min(10, Number(process.env.BENCH_SECONDS ?? 5))
const DRAIN_MS = 3_000
const log = (message: string) => console.error(`  ${message}`)

/**
 * Receipt → visible latency and frame rate of the home page, per rate. `on`: an explorer already
 * serving (the devnet suite's `pnpm start`, 1 s blocks) and a browser, both left running;
 * otherwise it starts its own stack and Chromium.
 */
export async function benchExplorerHome(on?: {
  stack: Omit<Stack, 'stop'>
  browser: Browser
}): Promise<BenchResult[]> {
  const stack: Omit<Stack, 'stop'> & { stop?: () => Promise<void> } =
    on?.stack ??
    (await startStack({
      reuseBuild: process.env.EXPLORER_BENCH_REUSE_BUILD === '1',
      blockTimeMs: 1_000,
    }))
  const browser = on?.browser ?? (await launchChromium())
  const results: BenchResult[] = []
  // Closed when done, also on a shared browser: a live page left open would keep drawing
  // beside whatever the browser measures next.
  let page: Page | undefined
  try {
    const signers = await fundedSenders(stack.rpcUrl)
    const nonces = signers.map(() => 0n)
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(stack.explorerUrl)
    await page.locator('[data-testid="network-status"] .dot-up').waitFor({ timeout: 30_000 })
    await installVisibilityProbe(page)
    for (const rate of RATES) {
      const count = rate * SECONDS
      // Signed beforehand, round-robin over the dev accounts, so signing does not pace the sends.
      const raws = Array.from({ length: count }, (_, i) => {
        const from = i % signers.length
        const to = signers[(from + 1) % signers.length].address
        const nonce = nonces[from]++
        const raw = signers[from].sign({
          nonce,
          to,
          value: 1n,
          gasLimit: 21_000n,
          maxFeePerGas: 3_000_000_000n,
          maxPriorityFeePerGas: 1n,
        })
        return bytesToHex(raw)
      })
      await resetVisibilityProbe(page)
      const lag = sampleIndexerLag(stack.indexerUrl)
      const receipts = await sendAtRate(stack.rpcUrl, raws, rate)
      const lags = await lag.stop()
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS))
      results.push(...(await summarize(page, rate, receipts)))
      // Context, not the explorer's own cost: how far the indexer (which feeds the page) was behind.
      results.push({
        name: `explorer home @ ${rate.toLocaleString('en-US')} tx/s: indexer lag p50 (context)`,
        value: percentile(lags, 50),
        unit: 'ms',
        better: 'lower',
      })
    }
  } finally {
    await page?.close()
    if (!on) {
      await browser.close()
      await stack.stop?.()
    }
  }
  return results
}

/** Fresh senders, funded through the dev method `anvil_setBalance` (the devnet has them on). */
async function fundedSenders(rpcUrl: string): Promise<TxSigner[]> {
  const { signers } = createSenders(SENDERS, 0n, 7)
  const batch = signers.map((signer, id) => ({
    jsonrpc: '2.0',
    id,
    method: 'anvil_setBalance',
    params: [signer.address, '0xd3c21bcecceda1000000'],
  }))
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  })
  const replies = (await response.json()) as RpcReply[]
  const failed = replies.find((reply) => reply.error)
  if (failed) throw new Error(`anvil_setBalance failed: ${failed.error?.message}`)
  return signers
}

/**
 * Open loop on a fixed schedule (checked every ~1 ms timer tick): the
 * transactions due at a tick go out as one JSON-RPC batch of
 * `eth_sendRawTransactionSync` over keep-alive HTTP (one request per tick keeps
 * the client's own cost low); the batch's answer is each one's receipt time, on
 * the wall clock the page's probe also uses.
 */
async function sendAtRate(rpcUrl: string, raws: readonly Hex[], rate: number): Promise<Map<string, number>> {
  const receipts = new Map<string, number>()
  const errors = new Map<string, number>()
  const fail = (message: string) => errors.set(message, (errors.get(message) ?? 0) + 1)
  const pending: Promise<void>[] = []
  const started = performance.now()
  let sent = 0
  while (sent < raws.length) {
    const due = Math.min(raws.length, Math.floor(((performance.now() - started) / 1000) * rate))
    if (due > sent) {
      const batch = raws.slice(sent, due).map((raw, i) => ({
        jsonrpc: '2.0',
        id: sent + i,
        method: 'eth_sendRawTransactionSync',
        params: [raw],
      }))
      sent = due
      pending.push(
        fetch(rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batch),
        })
          .then((response) => response.json() as Promise<RpcReply[]>)
          .then((replies) => {
            const at = performance.timeOrigin + performance.now()
            for (const reply of replies) {
              if (reply.result) receipts.set(reply.result.transactionHash, at)
              else fail(reply.error?.message ?? 'no result')
            }
          })
          .catch((error: unknown) => {
            fail(error instanceof Error ? error.message : String(error))
          }),
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  const sendSeconds = (performance.now() - started) / 1000
  await Promise.all(pending)
  log(`${rate} tx/s: ${receipts.size} receipts, sent in ${sendSeconds.toFixed(2)} s`)
  for (const [message, count] of errors) log(`${rate} tx/s: ${count} failed: ${message}`)
  return receipts
}

/** Polls the indexer's `_meta.lagMs` every 100 ms (only while transactions flow: idle lag grows by design). */
function sampleIndexerLag(indexerUrl: string): { stop(): Promise<number[]> } {
  const lags: number[] = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      try {
        const response = await fetch(indexerUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ _meta { lagMs } }' }),
        })
        const body = (await response.json()) as { data?: { _meta: { lagMs: number } } }
        if (body.data) lags.push(body.data._meta.lagMs)
      } catch {
        // A missed sample is not a result.
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    async stop() {
      stopped = true
      await loop
      return lags.sort((a, b) => a - b)
    },
  }
}

type RpcReply = { result?: { transactionHash: string }; error?: { message: string } }

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function summarize(page: Page, rate: number, receipts: Map<string, number>): Promise<BenchResult[]> {
  const probe = await readVisibilityProbe(page)
  const latencies: number[] = []
  const sinceSeal: number[] = []
  for (const [hash, [visibleAt, sealedAt]] of probe.visible) {
    const receiptAt = receipts.get(hash)
    if (receiptAt === undefined) continue
    latencies.push(visibleAt - receiptAt)
    sinceSeal.push(visibleAt - sealedAt)
  }
  latencies.sort((a, b) => a - b)
  sinceSeal.sort((a, b) => a - b)
  const shown = latencies.length
  log(
    `${rate} tx/s: ${shown} of ${receipts.size} drawn on the home page (the rest passed between two frames); ` +
      `${probe.frames} frames in ${probe.seconds.toFixed(1)} s, longest ${probe.longestFrameMs.toFixed(1)} ms`,
  )
  const label = `explorer home @ ${rate.toLocaleString('en-US')} tx/s`
  return [
    {
      name: `${label}: receipt → visible p50`,
      value: percentile(latencies, 50),
      unit: 'ms',
      better: 'lower',
    },
    {
      name: `${label}: receipt → visible p99`,
      value: percentile(latencies, 99),
      unit: 'ms',
      better: 'lower',
    },
    { name: `${label}: sealed → visible p50`, value: percentile(sinceSeal, 50), unit: 'ms', better: 'lower' },
    { name: `${label}: sealed → visible p99`, value: percentile(sinceSeal, 99), unit: 'ms', better: 'lower' },
    { name: `${label}: frame rate`, value: probe.frames / probe.seconds, unit: 'fps', better: 'higher' },
    {
      name: `${label}: transactions drawn`,
      value: (100 * shown) / Math.max(1, receipts.size),
      unit: '%',
      better: 'higher',
    },
  ]
}

function printResults(results: readonly BenchResult[]): void {
  const width = Math.max(...results.map((r) => r.name.length))
  console.log(`${'figure'.padEnd(width)}  value`)
  for (const r of results)
    console.log(`${r.name.padEnd(width)}  ${r.value.toFixed(r.value >= 100 ? 0 : 2)} ${r.unit}`)
  console.log(JSON.stringify(results))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printResults(await benchExplorerHome())
}
