// Playground benchmark: click → confirmed on screen, in Chromium, against a real devnet.
// Order book: a click on "Limit buy" until the first frame after a book state that includes the
// order (the page's own measure, shown as "on screen in … ms"); arena: a key press until the frame
// that draws the move. Run alone: `node --import tsx playground/bench/clickLatency.ts` (prints a
// table, then the results as JSON); `pnpm bench` can call benchPlaygroundClick().
// BENCH_CLICKS sets the clicks per page (default 50); PLAYGROUND_BENCH_REUSE_BUILD=1 skips
// `next build` when playground/.next-test holds a build.
import { pathToFileURL } from 'node:url'
import type { BenchResult } from '@rtevm/protocol'
import type { Browser, Page } from 'playwright-core'
import { startPlayground } from '../tests/startPlayground.ts'
import { benchLatencyLab } from './labLatency.ts'

const CLICKS = Math.max(5, Number(process.env.BENCH_CLICKS ?? 50))
const log = (message: string) => console.error(`  ${message}`)

/**
 * Click → on screen p50 / p99 on the order book and the arena (design target: < 20 ms / < 50 ms).
 * `on`: a playground already serving (the devnet suite's `pnpm start`) and a browser, both left
 * running; otherwise it starts its own devnet, playground and Chromium.
 */
export async function benchPlaygroundClick(on?: {
  url: string
  rpcUrl: string
  browser: Browser
}): Promise<BenchResult[]> {
  const playground = on
    ? { ...on, stop: async () => {} }
    : await startPlayground({ reuseBuild: process.env.PLAYGROUND_BENCH_REUSE_BUILD === '1' })
  try {
    // BENCH_PLAYGROUND=click or =lab runs one half only.
    if (process.env.BENCH_PLAYGROUND === 'lab') return await labAlone(playground)
    // Bots off (`?bots=off`): the figures stay comparable with runs from before the bots.
    const book = await playground.browser.newPage()
    await book.goto(`${playground.url}/orderbook?account=7&bots=off`)
    await book.locator('[data-testid=limit-buy]:not([disabled])').waitFor({ timeout: 60_000 })
    // Bids at 1.00 never cross; the first click also pays for the token approvals, so it is not counted.
    await book.fill('[data-testid=order-price]', '1.00')
    await book.fill('[data-testid=order-size]', '1')
    const bookPattern = /receipt in ([\d.]+) ms, on screen in ([\d.]+) ms/
    await measure(book, '[data-testid=limit-buy]', '[data-testid=last-action]', bookPattern)
    const bookMs: number[] = []
    const bookReceiptMs: number[] = []
    for (let i = 0; i < CLICKS; i++) {
      const [receipt, onScreen] = await measure(
        book,
        '[data-testid=limit-buy]',
        '[data-testid=last-action]',
        bookPattern,
      )
      bookReceiptMs.push(receipt)
      bookMs.push(onScreen)
    }
    log(`order book: ${CLICKS} clicks measured`)

    const arena = await playground.browser.newPage()
    await arena.goto(`${playground.url}/arena?account=8&bots=off`)
    await arena.locator('[data-testid=arena-join]:not([disabled])').waitFor({ timeout: 60_000 })
    await arena.click('[data-testid=arena-join]')
    await arena.locator('[data-testid=arena-leave]').waitFor()
    const arenaMs: number[] = []
    const arenaReceiptMs: number[] = []
    const arenaPattern = /receipt ([\d.]+) ms after the key, drawn ([\d.]+) ms/
    for (let i = 0; arenaMs.length < CLICKS && i < CLICKS * 3; i++) {
      // Right, left, right…: a move off the board reverts and draws nothing, so it is skipped.
      const key = i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft'
      const ms = await measure(arena, key, '[data-testid=arena-latency]', arenaPattern).catch(() => undefined)
      if (!ms) continue
      arenaReceiptMs.push(ms[0])
      arenaMs.push(ms[1])
    }
    log(`arena: ${arenaMs.length} moves measured`)
    // Each page is measured alone: a live page left open would keep drawing beside the next.
    await Promise.all([book.close(), arena.close()])
    const lab = process.env.BENCH_PLAYGROUND === 'click' ? [] : await labAlone(playground)
    return [
      ...lab,
      ...percentiles('playground: order book click → on screen', bookMs),
      ...percentiles('playground: order book click → receipt', bookReceiptMs),
      ...percentiles('playground: arena key → drawn', arenaMs),
      ...percentiles('playground: arena key → receipt', arenaReceiptMs),
    ]
  } finally {
    await playground.stop()
  }
}

/** The latency lab in a page of its own, closed when done. */
async function labAlone(playground: {
  url: string
  rpcUrl: string
  browser: Browser
}): Promise<BenchResult[]> {
  const page = await playground.browser.newPage()
  try {
    return await benchLatencyLab(page, playground.url, playground.rpcUrl)
  } finally {
    await page.close()
  }
}

/** Clicks `target` (a selector, or a key name to press) and reads the page's own two figures once they change. */
async function measure(
  page: Page,
  target: string,
  readout: string,
  pattern: RegExp,
): Promise<[number, number]> {
  const before =
    (await page
      .locator(readout)
      .textContent()
      .catch(() => null)) ?? ''
  if (target.startsWith('[')) await page.click(target)
  else await page.keyboard.press(target)
  const handle = await page.waitForFunction(
    ({ selector, before, source }) => {
      const text = document.querySelector(selector)?.textContent ?? ''
      const match = new RegExp(source).exec(text)
      return text !== before && match ? [Number(match[1]), Number(match[2])] : undefined
    },
    { selector: readout, before, source: pattern.source },
    { timeout: 10_000, polling: 'raf' },
  )
  return (await handle.jsonValue()) as [number, number]
}

function percentiles(name: string, samples: number[]): BenchResult[] {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  return [
    { name: `${name} p50`, value: round(at(0.5)), unit: 'ms', better: 'lower' },
    { name: `${name} p99`, value: round(at(0.99)), unit: 'ms', better: 'lower' },
  ]
}

const round = (value: number) => Math.round(value * 100) / 100

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await benchPlaygroundClick()
  console.log()
  for (const r of results) console.log(`${r.name.padEnd(52)} ${String(r.value).padStart(10)} ${r.unit}`)
  console.log(JSON.stringify(results))
}
