import { afterEach, expect, it, vi } from 'vitest'
import { createSeqWaiters } from './createSeqWaiters.ts'

afterEach(() => {
  vi.useRealTimers()
})

it('a read waits until the replica applied its seq, and gives up after the bound', async () => {
  vi.useFakeTimers()
  let applied = 5n
  const waiters = createSeqWaiters({ applied: () => applied, maxWaitMs: 1_000 })
  expect(waiters.reach(5n)).toBe(true)

  const soon = waiters.reach(7n)
  const never = waiters.reach(9n)
  applied = 6n
  waiters.advance()
  applied = 7n
  waiters.advance()
  expect(await soon).toBe(true)

  await vi.advanceTimersByTimeAsync(1_000)
  expect(await never).toBe(false)
})
