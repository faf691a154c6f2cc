import { describe, expect, it } from 'vitest'
import { createLatencyHistograms } from './latencyHistograms.ts'

describe('createLatencyHistograms', () => {
  it('renders cumulative Prometheus buckets per label, with sum and count in seconds', () => {
    const histograms = createLatencyHistograms<'a' | 'b'>({
      name: 'x_seconds',
      help: 'test',
      labelName: 'hop',
    })
    expect(histograms.render()).toBe('')
    histograms.observe('a', 0.015) // 15 µs → le 0.00002
    histograms.observe('a', 2) // 2 ms → le 0.002
    histograms.observe('a', -1) // clock skew counts as 0
    histograms.observe('b', 5000) // beyond the last bound: only +Inf
    const text = histograms.render()
    expect(text).toContain('# TYPE x_seconds histogram')
    expect(text).toContain('x_seconds_bucket{hop="a",le="0.00001"} 1')
    expect(text).toContain('x_seconds_bucket{hop="a",le="0.00002"} 2')
    expect(text).toContain('x_seconds_bucket{hop="a",le="0.0015"} 2')
    expect(text).toContain('x_seconds_bucket{hop="a",le="0.002"} 3')
    expect(text).toContain('x_seconds_bucket{hop="a",le="+Inf"} 3')
    expect(text).toContain('x_seconds_count{hop="a"} 3')
    expect(text).toContain('x_seconds_bucket{hop="b",le="1"} 0')
    expect(text).toContain('x_seconds_bucket{hop="b",le="+Inf"} 1')
    expect(text).toContain('x_seconds_sum{hop="b"} 5')
  })
})
