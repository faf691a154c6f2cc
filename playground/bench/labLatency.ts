// Playground benchmark: the latency lab in Chromium, as the page itself reports it.
// Every kind at the lab's defaults (200 transactions offered at 100 tx/s), then one
// sustained run of ETH transfers at 1 000 tx/s offered (BENCH_LAB_SUSTAINED_SECONDS, default
// 10), comparing the on-screen p99 of its first and last 5 s. Called by benchPlaygroundClick()
// (so `BENCH_ONLY=playground pnpm bench` runs it); PLAYGROUND_PROFILE=1 also records a CPU
// profile of the first default run (CDP Profiler) into playground/test-results/lab.cpuprofile
// and prints the functions with the most self time.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchResult } from '@rtevm/protocol'
import type { Page } from 'playwright-core'
import { createClient, type Hex, webSocket } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { resultsDir } from '../tests/startPlayground.ts'

const KINDS = ['eth', 'erc20', 'order', 'move'] as const
const log = (message: string) => console.error(`  ${message}`)

type LabFigures = {
  receipt: [number, number]
  screen: [number, number]
  counts: string
  achieved?: string
  windows?: string
  /** The page's hops: sign (per tx) · send → feed · feed → frame. */
  hops?: string
}

/** Runs the lab once with `count` at `rate` and reads the page's own figures when it is done. */
export async function runLab(page: Page, kind: string, count: number, rate: number): Promise<LabFigures> {
  await page.selectOption('[data-testid=lab-kind]', kind)
  await page.fill('[data-testid=lab-count]', String(count))
  await page.fill('[data-testid=lab-rate]', String(rate))
  await page.click('[data-testid=lab-run]:not([disabled])')
  await page
    .locator('[data-testid=lab-status]', { hasText: 'done' })
    .waitFor({ timeout: 60_000 + (count / rate) * 3_000 + count * 5 })
  const text = async (id: string) =>
    (await page.locator(`[data-testid=${id}]`).count()) > 0
      ? ((await page.locator(`[data-testid=${id}]`).first().textContent()) ?? '')
      : undefined
  const pair = (value: string | undefined): [number, number] => {
    const match = /([\d.]+) ms \/ ([\d.]+) ms/.exec(value ?? '')
    return match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN]
  }
  return {
    receipt: pair(await text('lab-receipt')),
    screen: pair(await text('lab-screen')),
    counts: (await text('lab-counts')) ?? '',
    achieved: await text('lab-achieved'),
    windows: await text('lab-windows'),
    hops: await text('lab-hops'),
  }
}

/**
 * The control: the same 200 ETH transfers at 100 tx/s, pre-signed, from Node over one WebSocket
 * to the same devnet, with no browser. What the lab adds on top of it is the page's share.
 */
export async function nodeControl(rpcUrl: string, count = 200, rate = 100): Promise<[number, number]> {
  const account = mnemonicToAccount('test test test test test test test test test test test junk', {
    addressIndex: 10,
  })
  const client = createClient({ transport: webSocket(rpcUrl.replace(/^http/, 'ws')) })
  const request = (method: string, params: unknown[]) =>
    client.request({ method, params } as never) as Promise<unknown>
  const nonce = Number(await request('eth_getTransactionCount', [account.address, 'pending']))
  const maxFeePerGas = BigInt((await request('eth_gasPrice', [])) as Hex) * 2n
  const raws: Hex[] = []
  for (let i = 0; i < count; i++)
    raws.push(
      await account.signTransaction({
        chainId: 31337,
        type: 'eip1559',
        nonce: nonce + i,
        to: account.address,
        value: 1n,
        gas: 21_000n,
        maxFeePerGas,
        maxPriorityFeePerGas: 0n,
      }),
    )
  const ms: number[] = []
  const started = performance.now()
  await Promise.all(
    raws.map(
      (raw, i) =>
        new Promise<void>((resolve) =>
          setTimeout(
            () => {
              const at = performance.now()
              request('eth_sendRawTransactionSync', [raw])
                .then(() => ms.push(performance.now() - at))
                .catch(() => {})
                .finally(resolve)
            },
            Math.max(0, started + (i * 1_000) / rate - performance.now()),
          ),
        ),
    ),
  )
  await client.transport
    .getRpcClient?.()
    .then((c: { close(): void }) => c.close())
    .catch(() => {})
  ms.sort((a, b) => a - b)
  return [
    round(ms[Math.floor(ms.length * 0.5)] ?? Number.NaN),
    round(ms[Math.floor(ms.length * 0.99)] ?? Number.NaN),
  ]
}

const round = (value: number) => Math.round(value * 100) / 100

export async function benchLatencyLab(page: Page, url: string, rpcUrl?: string): Promise<BenchResult[]> {
  await page.goto(`${url}/latency?account=9`)
  await page.locator('[data-testid=lab-run]:not([disabled])').waitFor({ timeout: 60_000 })
  const results: BenchResult[] = []
  const profile = process.env.PLAYGROUND_PROFILE === '1'
  for (const kind of KINDS) {
    // The first run of a kind pays for its set-up (approvals, joining): a short warm-up first.
    await runLab(page, kind, 20, 100)
    const session = profile && kind === 'eth' ? await page.context().newCDPSession(page) : undefined
    if (session) {
      await session.send('Profiler.enable')
      await session.send('Profiler.setSamplingInterval', { interval: 200 })
      await session.send('Profiler.start')
    }
    const figures = await runLab(page, kind, 200, 100)
    if (session) {
      const { profile: cpu } = (await session.send('Profiler.stop')) as { profile: CpuProfile }
      writeFileSync(join(resultsDir, 'lab.cpuprofile'), JSON.stringify(cpu))
      printTopSelfTime(cpu)
      await session.detach()
    }
    const lastError = await page.locator('[data-testid=lab-error]').allTextContents()
    log(
      `lab ${kind} (200 at 100 tx/s offered): receipt ${figures.receipt.join(' / ')} ms, on screen ${figures.screen.join(' / ')} ms (${figures.hops ?? 'no hops'}) [${figures.counts}] ${figures.achieved ?? ''} ${lastError.join()}`,
    )
    results.push(
      {
        name: `playground lab ${kind} @100/s send → receipt p50`,
        value: figures.receipt[0],
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `playground lab ${kind} @100/s send → receipt p99`,
        value: figures.receipt[1],
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `playground lab ${kind} @100/s send → on screen p50`,
        value: figures.screen[0],
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `playground lab ${kind} @100/s send → on screen p99`,
        value: figures.screen[1],
        unit: 'ms',
        better: 'lower',
      },
    )
    // Right after the lab's ETH run, so both see the same machine and chain.
    if (rpcUrl && kind === 'eth') {
      const control = await nodeControl(rpcUrl)
      log(
        `control: Node client, same devnet, 200 pre-signed ETH transfers at 100 tx/s: send → receipt ${control.join(' / ')} ms`,
      )
      results.push(
        {
          name: 'playground lab control (Node, no browser) eth @100/s send → receipt p50',
          value: control[0],
          unit: 'ms',
          better: 'lower',
        },
        {
          name: 'playground lab control (Node, no browser) eth @100/s send → receipt p99',
          value: control[1],
          unit: 'ms',
          better: 'lower',
        },
      )
    }
  }
  const seconds = Math.max(10, Number(process.env.BENCH_LAB_SUSTAINED_SECONDS ?? 10))
  const sustained = await runLab(page, 'eth', 1_000 * seconds, 1_000)
  log(
    `lab eth (${1_000 * seconds} at 1000 tx/s offered): receipt ${sustained.receipt.join(' / ')} ms, on screen ${sustained.screen.join(' / ')} ms [${sustained.counts}] ${sustained.achieved ?? ''} ${sustained.windows ?? ''}`,
  )
  results.push(
    {
      name: 'playground lab eth @1000/s send → on screen p50',
      value: sustained.screen[0],
      unit: 'ms',
      better: 'lower',
    },
    {
      name: 'playground lab eth @1000/s send → on screen p99',
      value: sustained.screen[1],
      unit: 'ms',
      better: 'lower',
    },
  )
  const windows = /first 5 s ([\d.]+) ms, last 5 s ([\d.]+) ms/.exec(sustained.windows ?? '')
  if (windows)
    results.push({
      name: 'playground lab eth @1000/s on-screen p99 last 5 s ÷ first 5 s',
      value: Math.round((Number(windows[2]) / Number(windows[1])) * 100) / 100,
      unit: '×',
      better: 'lower',
    })
  const achieved = /\/ ([\d.]+) tx\/s$/.exec(sustained.achieved ?? '')
  if (achieved)
    results.push({
      name: 'playground lab eth @1000/s offered: achieved rate',
      value: Number(achieved[1]),
      unit: 'tx/s',
      better: 'higher',
    })
  return results
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

function printTopSelfTime(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame
    const ms = (profile.timeDeltas[i] ?? 0) / 1_000
    total += ms
    const file = frame?.url.split('/').pop() ?? ''
    const key = `${frame?.functionName || '(anonymous)'} ${file}:${frame?.lineNumber ?? ''}`
    self.set(key, (self.get(key) ?? 0) + ms)
  })
  log(`CPU profile: ${total.toFixed(0)} ms sampled; top self time:`)
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    log(`${ms.toFixed(1).padStart(9)} ms  ${key}`)
}
