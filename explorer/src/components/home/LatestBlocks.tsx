'use client'

import Link from 'next/link'
import { formatInteger, formatTimestampSeconds } from '../../format/formatters.ts'
import { BLOCKS_SUBSCRIPTION, HOME_ROWS, LATEST_BLOCKS_QUERY } from '../../graphql/queries.ts'
import { queryIndexer } from '../../graphql/queryIndexer.ts'
import type { BlockSummary } from '../../graphql/types.ts'
import { useChainHeads } from '../../live/ChainHeadsProvider.tsx'
import { useExplorer } from '../../live/ExplorerProvider.tsx'
import { finalityStage } from '../../live/finalityStage.ts'
import { rewindAbandons } from '../../live/rewindAbandons.ts'
import { useLiveWindow } from '../../live/useLiveWindow.ts'
import * as urls from '../../urls.ts'
import { StageBadge } from '../common/StageBadge.tsx'

/** The newest sealed EVM blocks with their finality stage (safe from the edge, finalized from the indexer). */
export function LatestBlocks({ initial }: { initial: readonly BlockSummary[] }) {
  const heads = useChainHeads()
  const { config } = useExplorer()
  const live = useLiveWindow({
    query: BLOCKS_SUBSCRIPTION,
    select: (data) => data.blocks,
    keyOf: (block) => block.number,
    size: HOME_ROWS.blocks,
    initial,
    // Blocks sealed while the page loaded and the socket opened (one a second) would leave a hole.
    backfill: async () =>
      (await queryIndexer(config.indexerUrl, LATEST_BLOCKS_QUERY, { first: HOME_ROWS.blocks })).blocks.items,
    abandonedBy: rewindAbandons.block,
    order: (a, b) => (BigInt(b.number) > BigInt(a.number) ? 1 : BigInt(b.number) < BigInt(a.number) ? -1 : 0),
  })
  const finalized = heads.meta ? BigInt(heads.meta.finalizedBlock) : (heads.edge?.finalized ?? null)
  return (
    <section className="panel" data-testid="latest-blocks">
      <header className="panel-head">
        <h2>Latest blocks</h2>
      </header>
      {live.error ? <p className="notice notice-error">Subscription failed: {live.error}</p> : null}
      {live.rows.length === 0 ? (
        <p className="empty">No sealed blocks yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Block</th>
                <th>Time (UTC)</th>
                <th className="num">Mini-blocks</th>
                <th className="num">Txs</th>
                <th className="num">Gas</th>
                <th>Finality</th>
              </tr>
            </thead>
            <tbody>
              {live.rows.map((block) => (
                <tr key={block.number} data-block={block.number}>
                  <td>
                    <Link href={urls.block(block.number)} prefetch={false}>
                      {block.number}
                    </Link>
                  </td>
                  <td className="mono">{formatTimestampSeconds(block.timestamp)}</td>
                  <td className="num">{block.miniBlockCount}</td>
                  <td className="num">{block.transactionCount}</td>
                  <td className="num">{formatInteger(block.gasUsed)}</td>
                  <td>
                    <StageBadge
                      stage={finalityStage({
                        blockNumber: BigInt(block.number),
                        indexerStage: block.finalized ? 'FINALIZED' : 'SEALED',
                        sealedHead: null,
                        safe: heads.edge?.safe ?? null,
                        finalized,
                      })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
