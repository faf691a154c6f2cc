import type { MiniBlockSummary } from '../../graphql/types.ts'
import { MiniBlockTable } from '../common/MiniBlockTable.tsx'
import { StageBadge } from '../common/StageBadge.tsx'
import { RefreshWhenSealed } from './RefreshWhenSealed.tsx'

/** A block number the sequencer is still filling: its mini-blocks so far; the page turns into the sealed block. */
export function OpenBlock({
  number,
  miniBlocks,
}: {
  number: string
  miniBlocks: readonly MiniBlockSummary[]
}) {
  return (
    <article className="page" data-testid="open-block-page">
      <h1>
        Block <span className="mono">{number}</span> <StageBadge stage="PRECONFIRMED" />
      </h1>
      <p className="notice">
        This block is open: the sequencer is still adding mini-blocks to it. The list below is as of page
        load; the page turns into the sealed block by itself once it is sealed (every EVM block interval, 1 s
        by default).
      </p>
      <RefreshWhenSealed blockNumber={number} />
      <section className="panel">
        <h2>Mini-blocks so far</h2>
        <MiniBlockTable
          miniBlocks={miniBlocks}
          empty="None yet: mini-blocks are sealed only when transactions arrive."
        />
      </section>
    </article>
  )
}
