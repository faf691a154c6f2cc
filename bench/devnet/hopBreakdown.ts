// The per-hop breakdown of sequential sync sends, read off the edge's /metrics
// (`rtevm_sync_send_hop_seconds`, stamps the send's own path carries): the
// histograms are scraped before and after a series and the difference read.

/** One hop's figures over a series, in ms; p50/p99 interpolated within the histogram's buckets. */
export type HopFigure = { hop: string; count: number; meanMs: number; p50Ms: number; p99Ms: number }

type Histogram = { bounds: number[]; cumulative: number[]; sum: number; count: number }

/** The chain's hop histograms, or undefined when it has none (anvil, Hardhat: no such /metrics). */
export async function scrapeHops(url: string): Promise<Map<string, Histogram> | undefined> {
  try {
    const response = await fetch(`${url}/metrics`)
    if (!response.ok) return undefined
    const histograms = parseHops(await response.text())
    return histograms.size > 0 ? histograms : undefined
  } catch {
    return undefined
  }
}

export function parseHops(text: string): Map<string, Histogram> {
  const histograms = new Map<string, Histogram>()
  const of = (hop: string) => {
    let entry = histograms.get(hop)
    if (!entry) {
      entry = { bounds: [], cumulative: [], sum: 0, count: 0 }
      histograms.set(hop, entry)
    }
    return entry
  }
  for (const line of text.split('\n')) {
    const bucket = /^rtevm_sync_send_hop_seconds_bucket\{hop="(\w+)",le="([^"]+)"\} (\S+)$/.exec(line)
    if (bucket) {
      const entry = of(bucket[1])
      entry.bounds.push(bucket[2] === '+Inf' ? Number.POSITIVE_INFINITY : Number(bucket[2]))
      entry.cumulative.push(Number(bucket[3]))
      continue
    }
    const total = /^rtevm_sync_send_hop_seconds_(sum|count)\{hop="(\w+)"\} (\S+)$/.exec(line)
    if (total) of(total[2])[total[1] as 'sum' | 'count'] = Number(total[3])
  }
  return histograms
}

/** Figures of the sends recorded between two scrapes, in the order the hops appear. */
export function hopsBetween(
  before: Map<string, Histogram> | undefined,
  after: Map<string, Histogram>,
): HopFigure[] {
  const figures: HopFigure[] = []
  for (const [hop, now] of after) {
    const was = before?.get(hop)
    const cumulative = now.cumulative.map((n, i) => n - (was?.cumulative[i] ?? 0))
    const count = now.count - (was?.count ?? 0)
    if (count <= 0) continue
    const sum = now.sum - (was?.sum ?? 0)
    figures.push({
      hop,
      count,
      meanMs: (sum / count) * 1000,
      p50Ms: quantile(now.bounds, cumulative, count, 0.5) * 1000,
      p99Ms: quantile(now.bounds, cumulative, count, 0.99) * 1000,
    })
  }
  return figures
}

/** As Prometheus's histogram_quantile: linear within the bucket the rank falls in. */
function quantile(bounds: number[], cumulative: number[], count: number, q: number): number {
  const rank = q * count
  let lower = 0
  let below = 0
  for (let i = 0; i < bounds.length; i++) {
    if (cumulative[i] >= rank) {
      if (!Number.isFinite(bounds[i])) return lower
      const inBucket = cumulative[i] - below
      return lower + (bounds[i] - lower) * (inBucket > 0 ? (rank - below) / inBucket : 0)
    }
    lower = bounds[i]
    below = cumulative[i]
  }
  return lower
}
