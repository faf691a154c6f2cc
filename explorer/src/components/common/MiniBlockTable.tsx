import Link from 'next/link'
import { memo } from 'react'
import { formatInteger, formatTimeOfDayUs } from '../../format/formatters.ts'
import type { MiniBlockSummary } from '../../graphql/types.ts'
import * as urls from '../../urls.ts'

type RowOptions = {
  /** Adds the Block column (the river, where rows come from many blocks). */
  withBlock?: boolean
  /** Next's link prefetching; the live river turns it off (its rows leave the screen within frames). */
  prefetch?: false
}

/**
 * Mini-blocks as a table: the block page, the open block and the home page's river. Renders in
 * server and client components alike. Rows are memoized on their mini-block (notifications are
 * immutable), so a live list redraws only the rows that are new in a frame.
 */
export function MiniBlockTable({
  miniBlocks,
  empty,
  className,
  ...options
}: RowOptions & {
  miniBlocks: readonly MiniBlockSummary[]
  /** Shown instead of the table when there are no rows. */
  empty: string
  /** Extra class of the scrolling container. */
  className?: string
}) {
  if (miniBlocks.length === 0) return <p className="empty">{empty}</p>
  return (
    <div className={className ? `table-scroll ${className}` : 'table-scroll'}>
      <table>
        <thead>
          <tr>
            <th>Mini-block</th>
            {options.withBlock ? <th>Block</th> : null}
            <th>Time (UTC, µs)</th>
            <th className="num">Txs</th>
            <th className="num">Gas</th>
          </tr>
        </thead>
        <tbody>
          {miniBlocks.map((mb) => (
            <MiniBlockRow
              key={mb.number}
              miniBlock={mb}
              withBlock={options.withBlock}
              prefetch={options.prefetch}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

const MiniBlockRow = memo(function MiniBlockRow({
  miniBlock: mb,
  withBlock,
  prefetch,
}: RowOptions & { miniBlock: MiniBlockSummary }) {
  return (
    <tr data-mini-block={mb.number}>
      <td>
        <Link href={urls.miniBlock(mb.number)} prefetch={prefetch}>
          {mb.number}
        </Link>
      </td>
      {withBlock ? (
        <td>
          <Link href={urls.block(mb.blockNumber)} prefetch={prefetch}>
            {mb.blockNumber}
          </Link>
        </td>
      ) : null}
      <td className="mono">{formatTimeOfDayUs(mb.timestampUs)}</td>
      <td className="num">{mb.transactionCount}</td>
      <td className="num">{formatInteger(mb.gasUsed)}</td>
    </tr>
  )
})
