/**
 * Upper bounds in seconds of every latency histogram's buckets: 10 µs to 1 s,
 * close enough together below 3 ms that a p50 read off them is within about 20 %.
 */
export const LATENCY_BUCKETS_S: readonly number[] = [
  0.00001, 0.00002, 0.00003, 0.00005, 0.000075, 0.0001, 0.00015, 0.0002, 0.0003, 0.0004, 0.0005, 0.00065,
  0.0008, 0.001, 0.00125, 0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05,
  0.1, 0.25, 0.5, 1,
]

/** One Prometheus histogram family with one label: bounded (one series per label value the code names). */
export type LatencyHistograms<L extends string> = {
  /** Records one duration in milliseconds; negative (clock skew between processes) counts as 0. */
  observe(label: L, ms: number): void
  /** Prometheus text exposition (version 0.0.4) of the family, ending in a newline; empty if nothing was observed. */
  render(): string
}

export function createLatencyHistograms<L extends string>(options: {
  name: string
  help: string
  labelName: string
}): LatencyHistograms<L> {
  const { name, help, labelName } = options
  const series = new Map<L, { counts: Float64Array; sum: number; count: number }>()
  return {
    observe(label, ms) {
      let entry = series.get(label)
      if (!entry) {
        entry = { counts: new Float64Array(LATENCY_BUCKETS_S.length), sum: 0, count: 0 }
        series.set(label, entry)
      }
      const seconds = ms > 0 ? ms / 1000 : 0
      entry.sum += seconds
      entry.count++
      for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) {
        if (seconds <= LATENCY_BUCKETS_S[i]) {
          entry.counts[i]++
          break
        }
      }
    },
    render() {
      if (series.size === 0) return ''
      const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`]
      for (const [label, { counts, sum, count }] of series) {
        let cumulative = 0
        for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) {
          cumulative += counts[i]
          lines.push(`${name}_bucket{${labelName}="${label}",le="${LATENCY_BUCKETS_S[i]}"} ${cumulative}`)
        }
        lines.push(`${name}_bucket{${labelName}="${label}",le="+Inf"} ${count}`)
        lines.push(`${name}_sum{${labelName}="${label}"} ${sum}`)
        lines.push(`${name}_count{${labelName}="${label}"} ${count}`)
      }
      return `${lines.join('\n')}\n`
    },
  }
}

/** Milliseconds on the wall clock with µs precision, comparable across processes of one machine. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now()
}
