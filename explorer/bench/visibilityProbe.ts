import type { Page } from 'playwright-core'

/** What the probe collected since its last reset. */
export type VisibilityReport = {
  /**
   * Transaction hash → [wall-clock ms (performance.timeOrigin based) its row entered the DOM, its
   * mini-block's seal time in ms (the sequencer's µs timestamp)].
   */
  visible: [string, [number, number]][]
  frames: number
  seconds: number
  longestFrameMs: number
}

type Probe = { reset(): void; report(): VisibilityReport }

declare global {
  interface Window {
    __explorerProbe?: Probe
  }
}

/**
 * Installs in the page: a MutationObserver noting when each latest-transaction
 * row first enters the DOM (React commits a frame's rows together, painted in
 * that frame), and a requestAnimationFrame counter for the frame rate.
 * Bounded: at most 100 000 hashes are kept.
 */
// Plain JavaScript source: a function passed to page.evaluate would carry the TypeScript loader's helpers
// (`__name`), which do not exist in the page.
const PROBE_SOURCE = `(() => {
  const LIMIT = 100000
  const now = () => performance.timeOrigin + performance.now()
  let visible = new Map()
  let frames = 0
  let since = performance.now()
  let last = since
  let longest = 0
  const tick = (t) => {
    frames++
    if (t - last > longest) longest = t - last
    last = t
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  const list = document.querySelector('[data-testid="latest-transactions"]')
  if (!list) throw new Error('the home page has no latest-transactions panel')
  new MutationObserver((mutations) => {
    const at = now()
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (!(node instanceof Element)) continue
        const rows = node.matches('[data-tx-hash]') ? [node] : [...node.querySelectorAll('[data-tx-hash]')]
        for (const row of rows) {
          const hash = row.getAttribute('data-tx-hash')
          if (hash && !visible.has(hash) && visible.size < LIMIT) {
            visible.set(hash, [at, Number(row.getAttribute('data-timestamp-us')) / 1000])
          }
        }
      }
    }
  }).observe(list, { childList: true, subtree: true })
  window.__explorerProbe = {
    reset() {
      visible = new Map()
      frames = 0
      since = performance.now()
      last = since
      longest = 0
    },
    report: () => ({ visible: [...visible], frames, seconds: (performance.now() - since) / 1000, longestFrameMs: longest }),
  }
})()`

/**
 * Installs in the page: a MutationObserver noting when each latest-transaction
 * row first enters the DOM (React commits a frame's rows together, painted in
 * that frame), and a requestAnimationFrame counter for the frame rate.
 * Bounded: at most 100 000 hashes are kept.
 */
export async function installVisibilityProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE_SOURCE)
}

export async function resetVisibilityProbe(page: Page): Promise<void> {
  await page.evaluate('window.__explorerProbe.reset()')
}

export async function readVisibilityProbe(page: Page): Promise<VisibilityReport> {
  const report = (await page.evaluate('window.__explorerProbe && window.__explorerProbe.report()')) as
    | VisibilityReport
    | undefined
  if (!report) throw new Error('the visibility probe is not installed')
  return report
}
