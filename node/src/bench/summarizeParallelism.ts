import type { BlockParallelism } from '../parallelism/index.ts'
import { percentile } from './percentile.ts'

/** Medians and 90th percentiles of per-block figures (nearest rank), over non-empty blocks. */
export type ParallelismSummary = {
  blocks: number
  transactions: { median: number; p90: number }
  criticalPath: { median: number; p90: number }
  parallelism: { median: number; p90: number }
  twoCoreSpeedup: { median: number; p90: number }
}

export function summarizeParallelism(blocks: readonly BlockParallelism[]): ParallelismSummary {
  const filled = blocks.filter((block) => block.transactions > 0)
  const spread = (figure: (block: BlockParallelism) => number) => {
    const sorted = filled.map(figure).sort((a, b) => a - b)
    return { median: percentile(sorted, 50), p90: percentile(sorted, 90) }
  }
  return {
    blocks: filled.length,
    transactions: spread((block) => block.transactions),
    criticalPath: spread((block) => block.criticalPath),
    parallelism: spread((block) => block.parallelism),
    twoCoreSpeedup: spread((block) => block.twoCoreSpeedup),
  }
}

/** Consecutive blocks of `size` transactions (the last one may be shorter). */
export function splitIntoBlocks<T>(items: readonly T[], size: number): T[][] {
  const blocks: T[][] = []
  for (let start = 0; start < items.length; start += size) blocks.push(items.slice(start, start + size))
  return blocks
}
