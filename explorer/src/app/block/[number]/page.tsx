import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { DetailList } from '../../../components/common/DetailList.tsx'
import { MiniBlockTable } from '../../../components/common/MiniBlockTable.tsx'
import { TransactionTable } from '../../../components/common/TransactionTable.tsx'
import { Unavailable } from '../../../components/common/Unavailable.tsx'
import { AbandonedByRewind } from '../../../components/pages/AbandonedByRewind.tsx'
import { LiveStage } from '../../../components/pages/LiveStage.tsx'
import { OpenBlock } from '../../../components/pages/OpenBlock.tsx'
import { formatGasPrice, formatInteger, formatTimestampSeconds } from '../../../format/formatters.ts'
import { loadFromIndexer } from '../../../graphql/loadFromIndexer.ts'
import { BLOCK_QUERY, OPEN_BLOCK_QUERY } from '../../../graphql/queries.ts'
import * as urls from '../../../urls.ts'

type Props = { params: Promise<{ number: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Block ${(await params).number}` }
}

export default async function BlockPage({ params }: Props) {
  const { number } = await params
  // A number, or a block hash (what search returns for one).
  const byHash = /^0x[0-9a-fA-F]{64}$/.test(number)
  if (!byHash && !/^\d{1,20}$/.test(number)) notFound()
  const loaded = await loadFromIndexer(
    BLOCK_QUERY,
    byHash ? { number: null, hash: number.toLowerCase() } : { number, hash: null },
  )
  if (!loaded.ok) return <Unavailable error={loaded.error} what={`block ${number}`} />
  let block = loaded.data.block
  if (!block && !byHash) {
    // Not sealed: the open block (the one after the indexer's head, or one with mini-blocks), or nothing.
    const opened = await loadFromIndexer(OPEN_BLOCK_QUERY, { number })
    if (!opened.ok) return <Unavailable error={opened.error} what={`block ${number}`} />
    const { _meta, miniBlocks } = opened.data
    const head = BigInt(_meta.headBlock)
    if (BigInt(number) > head) {
      if (miniBlocks.items.length === 0 && BigInt(number) !== head + 1n) notFound()
      return <OpenBlock number={number} miniBlocks={miniBlocks.items} />
    }
    // Sealed between the two queries: read it again.
    const again = await loadFromIndexer(BLOCK_QUERY, { number, hash: null })
    block = again.ok ? again.data.block : null
  }
  if (!block) notFound()
  const n = BigInt(block.number)
  const page = (
    <article className="page" data-testid="block-page">
      <h1>
        Block <span className="mono">{block.number}</span>
      </h1>
      <nav className="pager">
        {n > 0n ? <Link href={urls.block(n - 1n)}>← {String(n - 1n)}</Link> : <span />}
        <Link href={urls.block(n + 1n)}>{String(n + 1n)} →</Link>
      </nav>
      <section className="panel">
        <DetailList
          details={[
            {
              label: 'Finality',
              value: (
                <LiveStage blockNumber={block.number} initial={block.finalized ? 'FINALIZED' : 'SEALED'} />
              ),
            },
            { label: 'Hash', value: <span className="mono break">{block.hash}</span>, testId: 'block-hash' },
            {
              label: 'Parent hash',
              value:
                n > 0n ? (
                  <Link href={urls.block(n - 1n)} className="mono break">
                    {block.parentHash}
                  </Link>
                ) : (
                  <span className="mono break">{block.parentHash}</span>
                ),
            },
            { label: 'Timestamp', value: formatTimestampSeconds(block.timestamp) },
            {
              label: 'Mini-blocks',
              value: (
                <>
                  {block.miniBlockCount}
                  {block.miniBlockCount > 0 ? (
                    <>
                      {' '}
                      from <Link href={urls.miniBlock(block.firstMiniBlock)}>{block.firstMiniBlock}</Link>
                    </>
                  ) : null}
                </>
              ),
            },
            { label: 'Transactions', value: block.transactionCount, testId: 'block-tx-count' },
            {
              label: 'Gas used / limit',
              value: `${formatInteger(block.gasUsed)} / ${formatInteger(block.gasLimit)}`,
            },
            { label: 'Base fee', value: formatGasPrice(block.baseFeePerGas) },
            { label: 'State root', value: <span className="mono break">{block.stateRoot}</span> },
            {
              label: 'Transactions root',
              value: <span className="mono break">{block.transactionsRoot}</span>,
            },
            { label: 'Receipts root', value: <span className="mono break">{block.receiptsRoot}</span> },
            {
              label: 'Sequencer (miner)',
              value: (
                <Link href={urls.address(block.miner)} className="mono">
                  {block.miner}
                </Link>
              ),
            },
          ]}
        />
      </section>
      <section className="panel">
        <header className="panel-head">
          <h2>Mini-blocks</h2>
          {block.miniBlocks.pageInfo.hasNextPage ? <p className="counters">first 100 shown</p> : null}
        </header>
        <MiniBlockTable
          miniBlocks={block.miniBlocks.items}
          empty="No mini-blocks: this block carries no transactions."
        />
      </section>
      <section className="panel">
        <header className="panel-head">
          <h2>Transactions</h2>
          {block.transactions.pageInfo.hasNextPage ? <p className="counters">first 100 shown</p> : null}
        </header>
        <TransactionTable transactions={block.transactions.items} empty="No transactions in this block." />
      </section>
    </article>
  )
  return (
    <AbandonedByRewind position={{ kind: 'block', number: block.number, hash: block.hash }}>
      {page}
    </AbandonedByRewind>
  )
}
