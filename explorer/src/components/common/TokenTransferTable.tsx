import { formatTimeOfDayUs, formatTokenAmount } from '../../format/formatters.ts'
import type { TokenTransfer } from '../../graphql/types.ts'
import * as urls from '../../urls.ts'
import { HashLink } from './HashLink.tsx'

/** ERC-20 / ERC-721 transfers as a table; `showToken` adds the token column (address pages). */
export function TokenTransferTable({
  transfers,
  showToken = true,
  empty = 'No token transfers yet.',
}: {
  transfers: readonly TokenTransfer[]
  showToken?: boolean
  empty?: string
}) {
  if (transfers.length === 0) return <p className="empty">{empty}</p>
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>Transaction</th>
            <th>Time (UTC)</th>
            {showToken ? <th>Token</th> : null}
            <th>From</th>
            <th>To</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((t) => (
            <tr key={`${t.transactionHash}:${t.logIndex}`} data-transfer-tx={t.transactionHash}>
              <td>
                <HashLink href={urls.tx(t.transactionHash)} value={t.transactionHash} />
              </td>
              <td className="mono">{formatTimeOfDayUs(t.timestampUs)}</td>
              {showToken ? (
                <td>
                  <a href={urls.token(t.token.address)} className="mono">
                    {t.token.symbol ?? t.token.address.slice(0, 10)}
                  </a>
                </td>
              ) : null}
              <td>
                <HashLink href={urls.address(t.from)} value={t.from} />
              </td>
              <td>
                <HashLink href={urls.address(t.to)} value={t.to} />
              </td>
              <td className="num">
                {t.token.standard === 'ERC721'
                  ? `#${t.tokenId ?? '?'}`
                  : formatTokenAmount(t.value, t.token.decimals, t.token.symbol)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
