'use client'

import Link from 'next/link'
import { formatInteger, formatTimeOfDayUs } from '../../format/formatters.ts'
import { HOME_ROWS, MINI_BLOCKS_SUBSCRIPTION } from '../../graphql/queries.ts'
import type { MiniBlockSummary } from '../../graphql/types.ts'
import { useFrameRate } from '../../live/useFrameRate.ts'
import { useLiveWindow } from '../../live/useLiveWindow.ts'
import * as urls from '../../urls.ts'

/** The live river: every mini-block the indexer commits, drawn at screen rate in a fixed window. */
export function MiniBlockRiver({ initial }: { initial: readonly MiniBlockSummary[] }) {
  const live = useLiveWindow({
    query: MINI_BLOCKS_SUBSCRIPTION,
    select: (data) => data.miniBlocks,
    keyOf: (mb) => mb.number,
    size: HOME_ROWS.miniBlocks,
    initial,
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
      {live.rows.length === 0 ? (
        <p className="empty">No mini-blocks yet: they appear here as soon as a transaction is sent.</p>
      ) : (
        <div className="table-scroll river-scroll">
          <table>
            <thead>
              <tr>
                <th>Mini-block</th>
                <th>Block</th>
                <th>Time (UTC, µs)</th>
                <th className="num">Txs</th>
                <th className="num">Gas</th>
              </tr>
            </thead>
            <tbody>
              {live.rows.map((mb) => (
                <tr key={mb.number} data-mini-block={mb.number}>
                  <td>
                    <Link href={urls.miniBlock(mb.number)} prefetch={false}>
                      {mb.number}
                    </Link>
                  </td>
                  <td>
                    <Link href={urls.block(mb.blockNumber)} prefetch={false}>
                      {mb.blockNumber}
                    </Link>
                  </td>
                  <td className="mono">{formatTimeOfDayUs(mb.timestampUs)}</td>
                  <td className="num">{mb.transactionCount}</td>
                  <td className="num">{formatInteger(mb.gasUsed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
