import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { DetailList } from '../../../components/common/DetailList.tsx'
import { HashLink } from '../../../components/common/HashLink.tsx'
import { Unavailable } from '../../../components/common/Unavailable.tsx'
import { LiveTokenTransfers } from '../../../components/pages/LiveTokenTransfers.tsx'
import { RefreshOnTransfers } from '../../../components/pages/RefreshOnTransfers.tsx'
import { formatInteger, formatTokenAmount } from '../../../format/formatters.ts'
import { loadFromIndexer } from '../../../graphql/loadFromIndexer.ts'
import { TOKEN_QUERY } from '../../../graphql/queries.ts'
import * as urls from '../../../urls.ts'

type Props = { params: Promise<{ address: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Token ${(await params).address}` }
}

export default async function TokenPage({ params }: Props) {
  const raw = (await params).address
  if (!/^0x[0-9a-fA-F]{40}$/.test(raw)) notFound()
  const address = raw.toLowerCase()
  const loaded = await loadFromIndexer(TOKEN_QUERY, { address })
  if (!loaded.ok) return <Unavailable error={loaded.error} what="the token" />
  const token = loaded.data.token
  if (!token) notFound()
  const label = token.name ?? token.symbol ?? 'Token'
  return (
    <article className="page" data-testid="token-page">
      <RefreshOnTransfers token={token.address} />
      <h1>
        {label} {token.symbol && token.name ? <small>({token.symbol})</small> : null}
      </h1>
      <p className="mono break subtitle">
        <Link href={urls.address(token.address)}>{token.address}</Link>
      </p>
      <section className="panel">
        <DetailList
          details={[
            { label: 'Standard', value: token.standard, testId: 'token-standard' },
            { label: 'Decimals', value: token.decimals ?? 'not declared' },
            { label: 'Holders', value: formatInteger(token.holderCount), testId: 'token-holders' },
            {
              label: 'Transfers',
              value: formatInteger(token.transferCount),
              testId: 'token-transfers-count',
            },
            {
              label: 'First block',
              value: <Link href={urls.block(token.firstBlock)}>{token.firstBlock}</Link>,
            },
          ]}
        />
      </section>
      <section className="panel" data-testid="holders">
        <header className="panel-head">
          <h2>Holders</h2>
          {token.holders.pageInfo.hasNextPage ? <p className="counters">largest 50 shown</p> : null}
        </header>
        {token.holders.items.length === 0 ? (
          <p className="empty">No holders.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>Holder</th>
                  <th className="num">Balance</th>
                </tr>
              </thead>
              <tbody>
                {token.holders.items.map((h) => (
                  <tr key={h.holder} data-holder={h.holder}>
                    <td>
                      <HashLink href={urls.address(h.holder)} value={h.holder} />
                    </td>
                    <td className="num">
                      {token.standard === 'ERC721'
                        ? `${h.balance} NFT`
                        : formatTokenAmount(h.balance, token.decimals, token.symbol)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <LiveTokenTransfers token={token.address} title="Transfers" initial={token.transfers.items} />
    </article>
  )
}
