import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { DetailList } from '../../../components/common/DetailList.tsx'
import { TransactionTable } from '../../../components/common/TransactionTable.tsx'
import { Unavailable } from '../../../components/common/Unavailable.tsx'
import { AbandonedByRewind } from '../../../components/pages/AbandonedByRewind.tsx'
import { LiveStage } from '../../../components/pages/LiveStage.tsx'
import { formatInteger, formatTimestampUs } from '../../../format/formatters.ts'
import { loadFromIndexer } from '../../../graphql/loadFromIndexer.ts'
import { MINI_BLOCK_QUERY } from '../../../graphql/queries.ts'
import * as urls from '../../../urls.ts'

type Props = { params: Promise<{ number: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Mini-block ${(await params).number}` }
}

export default async function MiniBlockPage({ params }: Props) {
  const { number } = await params
  if (!/^\d{1,20}$/.test(number)) notFound()
  const loaded = await loadFromIndexer(MINI_BLOCK_QUERY, { number })
  if (!loaded.ok) return <Unavailable error={loaded.error} what={`mini-block ${number}`} />
  const mb = loaded.data.miniBlock
  if (!mb) notFound()
  const n = BigInt(mb.number)
  const page = (
    <article className="page" data-testid="mini-block-page">
      <h1>
        Mini-block <span className="mono">{mb.number}</span>
      </h1>
      <nav className="pager">
        {n > 1n ? <Link href={urls.miniBlock(n - 1n)}>← {String(n - 1n)}</Link> : <span />}
        <Link href={urls.miniBlock(n + 1n)}>{String(n + 1n)} →</Link>
      </nav>
      <section className="panel">
        <DetailList
          details={[
            {
              label: 'Finality',
              value: (
                <LiveStage blockNumber={mb.blockNumber} initial={mb.blockHash ? 'SEALED' : 'PRECONFIRMED'} />
              ),
            },
            {
              label: 'EVM block',
              value: (
                <>
                  <Link href={urls.block(mb.blockNumber)}>{mb.blockNumber}</Link> (mini-block #
                  {mb.indexInBlock} in it)
                </>
              ),
              testId: 'mini-block-block',
            },
            {
              label: 'Block hash',
              value: mb.blockHash ? (
                <span className="mono break">{mb.blockHash}</span>
              ) : (
                'not sealed yet (the block is still open)'
              ),
            },
            { label: 'Timestamp', value: formatTimestampUs(mb.timestampUs), testId: 'mini-block-time' },
            { label: 'Transactions', value: mb.transactionCount, testId: 'mini-block-tx-count' },
            { label: 'First transaction index', value: mb.firstTransactionIndex },
            { label: 'Gas used', value: formatInteger(mb.gasUsed) },
          ]}
        />
      </section>
      <section className="panel">
        <header className="panel-head">
          <h2>Transactions</h2>
          {mb.transactions.pageInfo.hasNextPage ? <p className="counters">first 100 shown</p> : null}
        </header>
        <TransactionTable
          transactions={mb.transactions.items}
          empty="This mini-block carries only state edits."
        />
      </section>
    </article>
  )
  return (
    <AbandonedByRewind position={{ kind: 'mini-block', number: mb.number, timestampUs: mb.timestampUs }}>
      {page}
    </AbandonedByRewind>
  )
}
