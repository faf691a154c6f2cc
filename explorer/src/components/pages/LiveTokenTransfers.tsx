'use client'

import { TOKEN_TRANSFERS_SUBSCRIPTION } from '../../graphql/queries.ts'
import type { TokenTransfer } from '../../graphql/types.ts'
import { rewindAbandons } from '../../live/rewindAbandons.ts'
import { useLiveWindow } from '../../live/useLiveWindow.ts'
import { TokenTransferTable } from '../common/TokenTransferTable.tsx'

/** Token transfers of one token or one account, newest first, with new ones arriving live. */
export function LiveTokenTransfers({
  initial,
  token,
  address,
  title = 'Token transfers',
}: {
  initial: readonly TokenTransfer[]
  token?: string
  address?: string
  title?: string
}) {
  const live = useLiveWindow({
    query: TOKEN_TRANSFERS_SUBSCRIPTION,
    variables: { token, address },
    select: (data) => data.tokenTransfers,
    keyOf: (t) => `${t.transactionHash}:${t.logIndex}`,
    size: 50,
    initial,
    abandonedBy: rewindAbandons.inMiniBlock,
  })
  return (
    <section className="panel" data-testid="token-transfers">
      <header className="panel-head">
        <h2>{title}</h2>
      </header>
      {live.error ? <p className="notice notice-error">Subscription failed: {live.error}</p> : null}
      <TokenTransferTable transfers={live.rows} showToken={token === undefined} />
    </section>
  )
}
