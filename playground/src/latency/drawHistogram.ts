/** Log-spaced latency buckets from 0.05 ms to 2 s: sub-millisecond and slow tails on one axis. */
const LOW_MS = 0.05
const HIGH_MS = 2_000
export const BUCKETS = 48
const LOG_LOW = Math.log10(LOW_MS)
const LOG_SPAN = Math.log10(HIGH_MS) - LOG_LOW

export function bucketOf(ms: number): number {
  const at = Math.floor(((Math.log10(Math.max(ms, LOW_MS)) - LOG_LOW) / LOG_SPAN) * BUCKETS)
  return Math.min(BUCKETS - 1, Math.max(0, at))
}

export type Series = { label: string; color: string; counts: number[] }

/** Draws overlaid histograms with a log-scale x axis labelled in ms. */
export function drawHistogram(ctx: CanvasRenderingContext2D, series: readonly Series[]): void {
  const { width, height } = ctx.canvas
  const left = 40
  const bottom = height - 24
  const plotWidth = width - left - 10
  ctx.fillStyle = '#0b0d11'
  ctx.fillRect(0, 0, width, height)
  let peak = 1
  for (const s of series) for (const c of s.counts) if (c > peak) peak = c
  const barWidth = plotWidth / BUCKETS
  series.forEach((s, n) => {
    ctx.fillStyle = s.color
    ctx.globalAlpha = 0.75
    s.counts.forEach((count, i) => {
      if (count === 0) return
      const h = (count / peak) * (bottom - 16)
      const w = barWidth / series.length
      ctx.fillRect(left + i * barWidth + n * w, bottom - h, Math.max(1, w - 1), h)
    })
  })
  ctx.globalAlpha = 1
  ctx.strokeStyle = '#3a4050'
  ctx.beginPath()
  ctx.moveTo(left, bottom + 0.5)
  ctx.lineTo(left + plotWidth, bottom + 0.5)
  ctx.stroke()
  ctx.fillStyle = '#8b93a5'
  ctx.font = '11px system-ui, sans-serif'
  for (const ms of [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000]) {
    const x = left + ((Math.log10(ms) - LOG_LOW) / LOG_SPAN) * plotWidth
    ctx.fillText(String(ms), x - 8, bottom + 15)
    ctx.fillRect(x, bottom, 1, 4)
  }
  ctx.fillText('ms', width - 24, bottom + 15)
  ctx.fillText(String(peak), 4, 20)
  series.forEach((s, n) => {
    ctx.fillStyle = s.color
    ctx.fillRect(left + 10 + n * 150, 6, 10, 10)
    ctx.fillStyle = '#e6e8ee'
    ctx.fillText(s.label, left + 26 + n * 150, 15)
  })
}

/** The q-quantile (0..1) of unsorted samples, or undefined when there are none. */
export function quantile(samples: readonly number[], q: number): number | undefined {
  if (samples.length === 0) return undefined
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/**
 * The q-quantile read off histogram counts (the upper edge of the bucket that holds it): O(48)
 * however many samples, so a live summary never sorts thousands of them mid-run.
 */
export function bucketQuantile(counts: readonly number[], q: number): number | undefined {
  let total = 0
  for (const c of counts) total += c
  if (total === 0) return undefined
  const rank = Math.min(total - 1, Math.floor(q * total))
  let seen = 0
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]
    if (seen > rank) return 10 ** (LOG_LOW + ((i + 1) / BUCKETS) * LOG_SPAN)
  }
  return HIGH_MS
}
