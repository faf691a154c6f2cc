import { describe, expect, it } from 'vitest'
import { createTokenBuckets } from './createTokenBuckets.ts'

function fakeClock() {
  let ms = 1_000
  return { now: () => ms, advance: (by: number) => (ms += by) }
}

describe('createTokenBuckets', () => {
  it('lets a burst through, then refuses with the time until the tokens are back', () => {
    const clock = fakeClock()
    const buckets = createTokenBuckets({ ratePerSecond: 10, burst: 5, maxBuckets: 10, now: clock.now })
    for (let i = 0; i < 5; i++) expect(buckets.take('a', 1)).toBe(0)
    expect(buckets.take('a', 1)).toBe(100)
    clock.advance(40)
    expect(buckets.take('a', 1)).toBe(60)
    clock.advance(60)
    expect(buckets.take('a', 1)).toBe(0)
    expect(buckets.take('a', 1)).toBe(100)
  })

  it('keeps clients apart', () => {
    const clock = fakeClock()
    const buckets = createTokenBuckets({ ratePerSecond: 1, burst: 2, maxBuckets: 10, now: clock.now })
    expect(buckets.take('a', 2)).toBe(0)
    expect(buckets.take('a', 1)).toBeGreaterThan(0)
    expect(buckets.take('b', 2)).toBe(0)
  })

  it('charges a cost, takes nothing when refusing it, and caps a cost above the burst at the burst', () => {
    const clock = fakeClock()
    const buckets = createTokenBuckets({ ratePerSecond: 100, burst: 10, maxBuckets: 10, now: clock.now })
    expect(buckets.take('a', 6)).toBe(0)
    expect(buckets.take('a', 6)).toBe(20)
    // The refused call took nothing: four tokens are still there.
    expect(buckets.take('a', 4)).toBe(0)
    clock.advance(1_000)
    expect(buckets.take('a', 1_000)).toBe(0)
    expect(buckets.take('a', 1)).toBe(10)
  })

  it('never refills past the burst', () => {
    const clock = fakeClock()
    const buckets = createTokenBuckets({ ratePerSecond: 1_000, burst: 3, maxBuckets: 10, now: clock.now })
    buckets.take('a', 1)
    clock.advance(60_000)
    for (let i = 0; i < 3; i++) expect(buckets.take('a', 1)).toBe(0)
    expect(buckets.take('a', 1)).toBe(1)
  })

  it('sweeps the buckets that refilled, and only those', () => {
    const clock = fakeClock()
    const buckets = createTokenBuckets({ ratePerSecond: 10, burst: 10, maxBuckets: 10, now: clock.now })
    buckets.take('idle', 10)
    clock.advance(900)
    buckets.take('busy', 10)
    clock.advance(100)
    buckets.sweep()
    expect(buckets.size).toBe(1)
    // The busy client's bucket survived: still nearly empty.
    expect(buckets.take('busy', 10)).toBe(900)
  })

  it('holds at most maxBuckets, forgetting the oldest', () => {
    const clock = fakeClock()
    const buckets = createTokenBuckets({ ratePerSecond: 1, burst: 1, maxBuckets: 2, now: clock.now })
    buckets.take('a', 1)
    buckets.take('b', 1)
    buckets.take('c', 1)
    expect(buckets.size).toBe(2)
    expect(buckets.take('b', 1)).toBeGreaterThan(0)
    expect(buckets.take('c', 1)).toBeGreaterThan(0)
    // 'a' was forgotten: it starts again from full.
    expect(buckets.take('a', 1)).toBe(0)
  })
})
