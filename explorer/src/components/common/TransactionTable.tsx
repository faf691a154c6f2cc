import { memo } from 'react'
import { formatEth, formatTimeOfDayUs } from '../../format/formatters.ts'
import type { TransactionSummary } from '../../graphql/types.ts'
import * as urls from '../../urls.ts'
import { HashLink } from './HashLink.tsx'
import { StatusBadge } from './StatusBadge.tsx'

/**
 * Transactions as a table (scrolls sideways on a phone). Renders in server and client components alike.
 * Rows are memoized on their transaction (notifications are immutable): a live list redraws only new rows.
 */
export function TransactionTable({
  transactions,
  empty = 'No transactions yet.',
}: {
  transactions: readonly TransactionSummary[]
  empty?: string
}) {
  if (transactions.length === 0) return <p className="empty">{empty}</p>
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>Hash</th>
            <th>Mini-block</th>
            <th>Time (UTC)</th>
            <th>From</th>
            <th>To</th>
            <th className="num">Value</th>
            <th className="num">Fee</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((tx) => (
            <TransactionRow key={tx.hash} tx={tx} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

const TransactionRow = memo(function TransactionRow({ tx }: { tx: TransactionSummary }) {
  return (
    <tr data-tx-hash={tx.hash} data-timestamp-us={tx.timestampUs}>
      <td>
        <HashLink href={urls.tx(tx.hash)} value={tx.hash} />
      </td>
      <td>
        <a href={urls.miniBlock(tx.miniBlockNumber)}>{tx.miniBlockNumber}</a>
      </td>
      <td className="mono">{formatTimeOfDayUs(tx.timestampUs)}</td>
      <td>
        <HashLink href={urls.address(tx.from)} value={tx.from} />
      </td>
      <td>
        {tx.to ? (
          <HashLink href={urls.address(tx.to)} value={tx.to} />
        ) : tx.contractAddress ? (
          <>
            create <HashLink href={urls.address(tx.contractAddress)} value={tx.contractAddress} />
          </>
        ) : (
          'create'
        )}
      </td>
      <td className="num">{formatEth(tx.value)}</td>
      <td className="num">{formatEth(tx.fee, 8)}</td>
      <td>
        <StatusBadge status={tx.status} />
      </td>
    </tr>
  )
})
