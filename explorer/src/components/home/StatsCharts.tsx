'use client'

import { useState } from 'react'
import { formatMicros, formatRate } from '../../format/formatters.ts'
import { STATS_SUBSCRIPTION } from '../../graphql/queries.ts'
import type { Stats } from '../../graphql/types.ts'
import { useSubscription } from '../../live/useSubscription.ts'
import { SeriesChart } from '../common/SeriesChart.tsx'

/** tx/s, gas/s and the mean mini-block interval over the last minute, refreshed every second by the indexer. */
export function StatsCharts({ initial }: { initial: Stats | null }) {
  const [stats, setStats] = useState<Stats | null>(initial)
  const error = useSubscription(STATS_SUBSCRIPTION, undefined, (data) => setStats(data.stats))
  // The newest bucket is the current, partial second: drawing it would show a dip that is not there.
  const buckets = (stats?.buckets ?? []).slice(0, -1)
  const per = stats?.bucketSeconds ?? 1
  return (
    <section className="panel" data-testid="stats">
      <header className="panel-head">
        <h2>Throughput</h2>
        {stats ? (
          <p className="counters">
            {formatRate(stats.transactionsPerSecond)} tx/s · {formatRate(stats.miniBlocksPerSecond)}{' '}
            mini-blocks/s over {stats.windowSeconds} s
          </p>
        ) : null}
      </header>
      {error ? <p className="notice notice-error">Stats subscription failed: {error}</p> : null}
      <div className="charts">
        <SeriesChart
          title="Transactions / s"
          testId="chart-tps"
          values={buckets.map((b) => b.transactions / per)}
          format={formatRate}
        />
        <SeriesChart
          title="Gas / s"
          testId="chart-gas"
          values={buckets.map((b) => Number(b.gasUsed) / per)}
          format={formatRate}
        />
        <SeriesChart
          title="Mini-block interval"
          testId="chart-interval"
          values={buckets.map((b) => b.meanMiniBlockIntervalUs)}
          format={formatMicros}
        />
      </div>
    </section>
  )
}
