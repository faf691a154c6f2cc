/**
 * Delivery-latency buckets: 10 µs wide up to 100 ms, then 1 ms wide up to
 * 10 s; later deliveries land in the last bucket. 20 000 counters, mergeable
 * across processes, however many millions of samples.
 */
const FINE_US = 10
const FINE_BUCKETS = 10_000
const COARSE_US = 1_000
const COARSE_BUCKETS = 9_900
const FINE_SPAN_US = FINE_US * FINE_BUCKETS
const BUCKETS = FINE_BUCKETS + COARSE_BUCKETS

export type LatencyHistogram = {
  readonly counts: Uint32Array
  record(latencyUs: number): void
}

export function createLatencyHistogram(): LatencyHistogram {
  const counts = new Uint32Array(BUCKETS)
  return {
    counts,
    record(latencyUs) {
      const bucket =
        latencyUs < FINE_SPAN_US
          ? Math.floor(latencyUs / FINE_US)
          : FINE_BUCKETS + Math.floor((latencyUs - FINE_SPAN_US) / COARSE_US)
      counts[bucket < 0 ? 0 : bucket >= BUCKETS ? BUCKETS - 1 : bucket]++
    },
  }
}

export function mergeHistograms(all: readonly Uint32Array[]): Uint32Array {
  const merged = new Uint32Array(BUCKETS)
  for (const counts of all) for (let i = 0; i < BUCKETS; i++) merged[i] += counts[i]
  return merged
}

/** Upper edge of bucket `i`, in milliseconds. */
function upperEdgeMs(i: number): number {
  const us = i < FINE_BUCKETS ? (i + 1) * FINE_US : FINE_SPAN_US + (i - FINE_BUCKETS + 1) * COARSE_US
  return us / 1000
}

/** Nearest-rank percentile in milliseconds, at the upper edge of its bucket. */
export function histogramPercentileMs(counts: Uint32Array, p: number): number {
  let total = 0
  for (const n of counts) total += n
  if (total === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil((p / 100) * total))
  let seen = 0
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]
    if (seen >= rank) return upperEdgeMs(i)
  }
  return upperEdgeMs(counts.length - 1)
}
