import Link from 'next/link'
import { formatInteger, formatTimeOfDayUs } from '../../format/formatters.ts'
import type { MiniBlockSummary } from '../../graphql/types.ts'
import * as urls from '../../urls.ts'
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
        {miniBlocks.length === 0 ? (
          <p className="empty">None yet: mini-blocks are sealed only when transactions arrive.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>Mini-block</th>
                  <th>Time (UTC, µs)</th>
                  <th className="num">Txs</th>
                  <th className="num">Gas</th>
                </tr>
              </thead>
              <tbody>
                {miniBlocks.map((mb) => (
                  <tr key={mb.number} data-mini-block={mb.number}>
                    <td>
                      <Link href={urls.miniBlock(mb.number)}>{mb.number}</Link>
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
    </article>
  )
}
