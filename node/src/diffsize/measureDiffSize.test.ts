import { describe, expect, test } from 'vitest'
import { erc20DiffWorkload, ethDiffWorkload, swapDiffWorkload } from './diffWorkloads.ts'
import { measureDiffSize } from './measureDiffSize.ts'

// Sizes, not times: each run also checks every compact frame decodes to the sequencer's diff.
describe('measureDiffSize', () => {
  test.each([
    [ethDiffWorkload, 0n],
    [erc20DiffWorkload, 0n],
    [erc20DiffWorkload, 1_000_000_000n],
    [swapDiffWorkload, 1_000_000_000n],
  ])(
    '%s with tip %s: compact diffs of a real sequencer round-trip and are smaller than v1',
    async (workload, tip) => {
      const run = await measureDiffSize({ workload, batching: 'realtime', tip, count: 40, senders: 16 })
      expect(run.transactions).toBe(40)
      expect(run.v2Bytes).toBeLessThan(run.v1Bytes / 3)
      if (workload.name === 'erc20') expect(run.v2Bytes / run.transactions).toBeLessThan(50)
    },
    60_000,
  )

  test('large mini-blocks round-trip too', async () => {
    const run = await measureDiffSize({
      workload: swapDiffWorkload,
      batching: 'large',
      tip: 0n,
      count: 100,
      senders: 16,
    })
    expect(run.transactions).toBe(100)
    expect(run.miniBlocks).toBeLessThan(100)
  }, 60_000)
})
