'use client'

import { HOME_ROWS, TRANSACTIONS_SUBSCRIPTION } from '../../graphql/queries.ts'
import type { TransactionSummary } from '../../graphql/types.ts'
import { EDGE_MINI_BLOCK_DETAIL, transactionsFromEdge } from '../../live/edgeFeeds.ts'
import { rewindAbandons } from '../../live/rewindAbandons.ts'
import { useLiveWindow } from '../../live/useLiveWindow.ts'
import { TransactionTable } from '../common/TransactionTable.tsx'

/** The newest transactions, live; `address` narrows them to one account (address pages). */
export function LatestTransactions({
  initial,
  address,
  title = 'Latest transactions',
  size = HOME_ROWS.transactions,
}: {
  initial: readonly TransactionSummary[]
  address?: string
  title?: string
  size?: number
}) {
  const live = useLiveWindow({
    query: TRANSACTIONS_SUBSCRIPTION,
    variables: address ? { address } : undefined,
    select: (data) => data.transactions,
    keyOf: (tx) => tx.hash,
    size,
    initial,
    // Everyone's transactions come from the edge first; an account's only from the indexer.
    edge: address
      ? undefined
      : { detail: EDGE_MINI_BLOCK_DETAIL, select: (mb, edge) => transactionsFromEdge(mb, edge, size) },
    sequenceOf: (tx) => BigInt(tx.miniBlockNumber),
    abandonedBy: rewindAbandons.inMiniBlock,
  })
  return (
    <section className="panel" data-testid="latest-transactions">
      <header className="panel-head">
        <h2>{title}</h2>
        {live.skipped > 0 ? <p className="counters">{live.skipped} not drawn</p> : null}
      </header>
      {live.error ? <p className="notice notice-error">Subscription failed: {live.error}</p> : null}
      <TransactionTable transactions={live.rows} />
    </section>
  )
}
