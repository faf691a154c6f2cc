import type { SqlExecutor } from '../../database/SqlDatabase.ts'
import { badInput } from '../errors.ts'

export type StatsBucket = {
  startUs: bigint
  transactions: number
  gasUsed: bigint
  miniBlocks: number
  meanMiniBlockIntervalUs: number | null
}

export type Stats = {
  windowSeconds: number
  bucketSeconds: number
  transactionsPerSecond: number
  gasPerSecond: number
  miniBlocksPerSecond: number
  meanMiniBlockIntervalUs: number | null
  buckets: StatsBucket[]
}

const MAX_WINDOW_SECONDS = 3600
const MAX_BUCKETS = 600

/**
 * Throughput over the last `windowSeconds`, from `mini_blocks`, in buckets
 * aligned to `bucketSeconds` (the newest one is the current, partial bucket).
 * The mean interval of a set of mini-blocks is (last − first) / (count − 1),
 * the mean of the gaps between consecutive ones.
 */
export async function readStats(
  sql: SqlExecutor,
  windowSeconds: number,
  bucketSeconds: number,
  nowMs: number,
): Promise<Stats> {
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    throw badInput(`windowSeconds must be an integer from 1 to ${MAX_WINDOW_SECONDS}, got ${windowSeconds}`)
  }
  if (!Number.isInteger(bucketSeconds) || bucketSeconds < 1 || bucketSeconds > windowSeconds) {
    throw badInput(`bucketSeconds must be an integer from 1 to windowSeconds, got ${bucketSeconds}`)
  }
  const count = Math.ceil(windowSeconds / bucketSeconds)
  if (count > MAX_BUCKETS) throw badInput(`at most ${MAX_BUCKETS} buckets, got ${count}`)
  const bucketUs = BigInt(bucketSeconds) * 1_000_000n
  const nowUs = BigInt(Math.floor(nowMs * 1000))
  const endUs = (nowUs / bucketUs + 1n) * bucketUs
  const startUs = endUs - BigInt(count) * bucketUs
  const { rows } = await sql.query<Record<string, string>>(
    `select ((timestamp_us - $1::bigint) / $2::bigint)::text as bucket, count(*)::text as mini_blocks,
       sum(transaction_count)::text as transactions, sum(gas_used)::text as gas_used,
       min(timestamp_us)::text as first_us, max(timestamp_us)::text as last_us
     from mini_blocks where timestamp_us >= $1::bigint and timestamp_us < $3::bigint
     group by 1`,
    [startUs.toString(), bucketUs.toString(), endUs.toString()],
  )
  const byIndex = new Map(rows.map((row) => [Number(row.bucket), row]))
  const buckets: StatsBucket[] = []
  let transactions = 0
  let gas = 0n
  let miniBlocks = 0
  let firstUs: bigint | undefined
  let lastUs: bigint | undefined
  for (let i = 0; i < count; i++) {
    const row = byIndex.get(i)
    const n = row ? Number(row.mini_blocks) : 0
    const bucket: StatsBucket = {
      startUs: startUs + BigInt(i) * bucketUs,
      transactions: row ? Number(row.transactions) : 0,
      gasUsed: row ? BigInt(row.gas_used) : 0n,
      miniBlocks: n,
      meanMiniBlockIntervalUs:
        row && n > 1 ? Number(BigInt(row.last_us) - BigInt(row.first_us)) / (n - 1) : null,
    }
    buckets.push(bucket)
    transactions += bucket.transactions
    gas += bucket.gasUsed
    miniBlocks += n
    if (row) {
      firstUs ??= BigInt(row.first_us)
      lastUs = BigInt(row.last_us)
    }
  }
  const elapsedSeconds = Number(nowUs - startUs) / 1e6
  return {
    windowSeconds,
    bucketSeconds,
    transactionsPerSecond: transactions / elapsedSeconds,
    gasPerSecond: Number(gas) / elapsedSeconds,
    miniBlocksPerSecond: miniBlocks / elapsedSeconds,
    meanMiniBlockIntervalUs:
      firstUs !== undefined && lastUs !== undefined && miniBlocks > 1
        ? Number(lastUs - firstUs) / (miniBlocks - 1)
        : null,
    buckets,
  }
}
