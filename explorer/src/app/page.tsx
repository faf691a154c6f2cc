import { Unavailable } from '../components/common/Unavailable.tsx'
import { LatestBlocks } from '../components/home/LatestBlocks.tsx'
import { LatestTransactions } from '../components/home/LatestTransactions.tsx'
import { MiniBlockRiver } from '../components/home/MiniBlockRiver.tsx'
import { NetworkStatus } from '../components/home/NetworkStatus.tsx'
import { RewindNotice } from '../components/home/RewindNotice.tsx'
import { StatsCharts } from '../components/home/StatsCharts.tsx'
import { readRuntimeConfig } from '../config/runtimeConfig.ts'
import { HOME_QUERY, HOME_ROWS } from '../graphql/queries.ts'
import { queryIndexer } from '../graphql/queryIndexer.ts'
import type { ResultOf } from '../graphql/types.ts'

/** Home: server-rendered latest rows, then live subscriptions take over in the browser. */
export default async function HomePage() {
  const { indexerUrl } = readRuntimeConfig()
  let data: ResultOf<typeof HOME_QUERY> | null = null
  let failure: unknown = null
  try {
    data = await queryIndexer(indexerUrl, HOME_QUERY, HOME_ROWS)
  } catch (error) {
    failure = error
  }
  return (
    <div className="home">
      {failure ? <Unavailable error={failure} what="the latest chain data" /> : null}
      <RewindNotice />
      <div className="home-top">
        <NetworkStatus />
        <StatsCharts initial={data?.stats ?? null} />
      </div>
      <LatestTransactions initial={data?.transactions.items ?? []} />
      <div className="home-grid">
        <MiniBlockRiver initial={data?.miniBlocks.items ?? []} />
        <LatestBlocks initial={data?.blocks.items ?? []} />
      </div>
    </div>
  )
}
