import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { DetailList } from '../../../components/common/DetailList.tsx'
import { HashLink } from '../../../components/common/HashLink.tsx'
import { Unavailable } from '../../../components/common/Unavailable.tsx'
import { LatestTransactions } from '../../../components/home/LatestTransactions.tsx'
import { AccountOnChain } from '../../../components/pages/AccountOnChain.tsx'
import { LiveTokenTransfers } from '../../../components/pages/LiveTokenTransfers.tsx'
import { RefreshOnTransfers } from '../../../components/pages/RefreshOnTransfers.tsx'
import { formatEth, formatInteger, formatTokenAmount } from '../../../format/formatters.ts'
import { loadFromIndexer } from '../../../graphql/loadFromIndexer.ts'
import { ACCOUNT_QUERY } from '../../../graphql/queries.ts'
import * as urls from '../../../urls.ts'

type Props = { params: Promise<{ address: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Address ${(await params).address}` }
}

export default async function AddressPage({ params }: Props) {
  const raw = (await params).address
  if (!/^0x[0-9a-fA-F]{40}$/.test(raw)) notFound()
  const address = raw.toLowerCase()
  const loaded = await loadFromIndexer(ACCOUNT_QUERY, { address })
  const account = loaded.ok ? loaded.data.account : null
  return (
    <article className="page" data-testid="address-page">
      {loaded.ok ? <RefreshOnTransfers address={address} /> : null}
      <h1>{account?.isContract ? 'Contract' : 'Address'}</h1>
      <p className="mono break subtitle" data-testid="address">
        {address}
      </p>
      {!loaded.ok ? <Unavailable error={loaded.error} what="the account's history" /> : null}
      <div className="two-columns">
        <AccountOnChain address={address} />
        <section className="panel" data-testid="account-indexed">
          <header className="panel-head">
            <h2>Indexed</h2>
          </header>
          {account ? (
            <DetailList
              details={[
                { label: 'Balance', value: formatEth(account.balance, 18), testId: 'indexed-balance' },
                { label: 'Nonce', value: account.nonce },
                {
                  label: 'Transactions',
                  value: formatInteger(account.transactionCount),
                  testId: 'indexed-tx-count',
                },
                ...(account.creator
                  ? [
                      {
                        label: 'Created by',
                        value: (
                          <>
                            <HashLink href={urls.address(account.creator)} value={account.creator} />
                            {account.creationTransaction ? (
                              <>
                                {' '}
                                in{' '}
                                <HashLink
                                  href={urls.tx(account.creationTransaction)}
                                  value={account.creationTransaction}
                                />
                              </>
                            ) : null}
                          </>
                        ),
                      },
                    ]
                  : []),
                ...(account.token
                  ? [
                      {
                        label: 'Token',
                        value: (
                          <Link href={urls.token(account.address)}>
                            {account.token.name ?? account.token.symbol ?? 'token'} ({account.token.standard})
                          </Link>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          ) : loaded.ok ? (
            <p className="empty">No indexed activity for this address yet.</p>
          ) : null}
        </section>
      </div>
      {loaded.ok ? (
        <>
          <LatestTransactions
            title="Transactions"
            address={address}
            size={25}
            initial={account?.transactions.items ?? []}
          />
          <section className="panel" data-testid="token-balances">
            <header className="panel-head">
              <h2>Token balances</h2>
            </header>
            {account && account.tokenBalances.items.length > 0 ? (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Token</th>
                      <th>Standard</th>
                      <th className="num">Balance</th>
                    </tr>
                  </thead>
                  <tbody>
                    {account.tokenBalances.items.map((b) => (
                      <tr key={b.token.address} data-token={b.token.address}>
                        <td>
                          <Link href={urls.token(b.token.address)}>
                            {b.token.name ?? b.token.symbol ?? b.token.address}
                          </Link>
                        </td>
                        <td>{b.token.standard}</td>
                        <td className="num">
                          {b.token.standard === 'ERC721'
                            ? `${b.balance} NFT`
                            : formatTokenAmount(b.balance, b.token.decimals, b.token.symbol)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="empty">No token balances.</p>
            )}
          </section>
          <LiveTokenTransfers address={address} initial={account?.tokenTransfers.items ?? []} />
        </>
      ) : null}
    </article>
  )
}
