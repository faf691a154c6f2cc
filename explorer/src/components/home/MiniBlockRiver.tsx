'use client'

import { formatInteger } from '../../format/formatters.ts'
import { HOME_ROWS, MINI_BLOCKS_SUBSCRIPTION } from '../../graphql/queries.ts'
import type { MiniBlockSummary } from '../../graphql/types.ts'
import { EDGE_MINI_BLOCK_DETAIL, miniBlockFromEdge } from '../../live/edgeFeeds.ts'
import { rewindAbandons } from '../../live/rewindAbandons.ts'
import { useFrameRate } from '../../live/useFrameRate.ts'
import { useLiveWindow } from '../../live/useLiveWindow.ts'
import { MiniBlockTable } from '../common/MiniBlockTable.tsx'

/** The live river: every mini-block the indexer commits, drawn at screen rate in a fixed window. */
export function MiniBlockRiver({ initial }: { initial: readonly MiniBlockSummary[] }) {
  const live = useLiveWindow({
    query: MINI_BLOCKS_SUBSCRIPTION,
    select: (data) => data.miniBlocks,
    keyOf: (mb) => mb.number,
    size: HOME_ROWS.miniBlocks,
    initial,
    edge: { detail: EDGE_MINI_BLOCK_DETAIL, select: (mb) => [miniBlockFromEdge(mb)] },
    sequenceOf: (mb) => BigInt(mb.number),
    abandonedBy: rewindAbandons.miniBlock,
  })
  const fps = useFrameRate()
  return (
    <section className="panel river" data-testid="river">
      <header className="panel-head">
        <h2>Mini-blocks</h2>
        <p className="counters">
          <span data-testid="river-received">{formatInteger(live.received)}</span> live ·{' '}
          <span data-testid="river-skipped">{formatInteger(live.skipped)}</span> not drawn ·{' '}
          <span data-testid="fps" data-fps={fps}>
            {fps}
          </span>{' '}
          fps
        </p>
      </header>
      {live.error ? <p className="notice notice-error">Subscription failed: {live.error}</p> : null}
      <MiniBlockTable
        miniBlocks={live.rows}
        empty="No mini-blocks yet: they appear here as soon as a transaction is sent."
        className="river-scroll"
        withBlock
        prefetch={false}
      />
    </section>
  )
}
