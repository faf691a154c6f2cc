import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Suspense } from 'react'
import { createExplorerAbiRegistry } from '../../../abi/explorerAbis.ts'
import { DetailList } from '../../../components/common/DetailList.tsx'
import { HashLink } from '../../../components/common/HashLink.tsx'
import { Skeleton } from '../../../components/common/Skeleton.tsx'
import { StatusBadge } from '../../../components/common/StatusBadge.tsx'
import { TokenTransferTable } from '../../../components/common/TokenTransferTable.tsx'
import { Unavailable } from '../../../components/common/Unavailable.tsx'
import { AbandonedByRewind } from '../../../components/pages/AbandonedByRewind.tsx'
import { CallTreeSection } from '../../../components/pages/CallTreeSection.tsx'
import { DecodedInput } from '../../../components/pages/DecodedInput.tsx'
import { DerivedStateChanges } from '../../../components/pages/DerivedStateChanges.tsx'
import { LiveStage } from '../../../components/pages/LiveStage.tsx'
import { StateDiffSection } from '../../../components/pages/StateDiffSection.tsx'
import { TransactionLogs } from '../../../components/pages/TransactionLogs.tsx'
import { formatEth, formatGasPrice, formatInteger, formatTimestampUs } from '../../../format/formatters.ts'
import { loadFromIndexer } from '../../../graphql/loadFromIndexer.ts'
import { TRANSACTION_QUERY } from '../../../graphql/queries.ts'
import * as urls from '../../../urls.ts'

type Props = { params: Promise<{ hash: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Transaction ${(await params).hash.slice(0, 12)}…` }
}

const TYPES: Record<number, string> = { 0: 'legacy (0)', 1: 'access list (1)', 2: 'EIP-1559 (2)' }

export default async function TransactionPage({ params }: Props) {
  const { hash } = await params
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) notFound()
  const loaded = await loadFromIndexer(TRANSACTION_QUERY, {
    hash: hash.toLowerCase(),
  })
  if (!loaded.ok) return <Unavailable error={loaded.error} what="the transaction" />
  const tx = loaded.data.transaction
  if (!tx) notFound()
  const registry = createExplorerAbiRegistry()
  const page = (
    <article className="page" data-testid="tx-page">
      <h1>Transaction</h1>
      <p className="mono break subtitle" data-testid="tx-hash">
        {tx.hash}
      </p>
      <section className="panel">
        <DetailList
          details={[
            { label: 'Status', value: <StatusBadge status={tx.status} />, testId: 'tx-status' },
            { label: 'Finality', value: <LiveStage blockNumber={tx.blockNumber} initial={tx.stage} /> },
            {
              label: 'Mini-block',
              value: (
                <>
                  <Link href={urls.miniBlock(tx.miniBlockNumber)}>{tx.miniBlockNumber}</Link> in block{' '}
                  <Link href={urls.block(tx.blockNumber)}>{tx.blockNumber}</Link> (index {tx.transactionIndex}
                  )
                </>
              ),
              testId: 'tx-mini-block',
            },
            { label: 'Timestamp', value: formatTimestampUs(tx.timestampUs), testId: 'tx-time' },
            {
              label: 'From',
              value: <HashLink href={urls.address(tx.from)} value={tx.from} full />,
              testId: 'tx-from',
            },
            {
              label: tx.to ? 'To' : 'Created',
              testId: 'tx-to',
              value: tx.to ? (
                <HashLink href={urls.address(tx.to)} value={tx.to} full />
              ) : tx.contractAddress ? (
                <HashLink href={urls.address(tx.contractAddress)} value={tx.contractAddress} full />
              ) : (
                'contract creation (failed)'
              ),
            },
            { label: 'Value', value: formatEth(tx.value, 18), testId: 'tx-value' },
            { label: 'Fee', value: formatEth(tx.fee, 18), testId: 'tx-fee' },
            {
              label: 'Gas used / limit',
              value: `${formatInteger(tx.gasUsed)} / ${formatInteger(tx.gasLimit)}`,
              testId: 'tx-gas',
            },
            { label: 'Effective gas price', value: formatGasPrice(tx.effectiveGasPrice) },
            {
              label: 'Fee caps',
              value:
                tx.maxFeePerGas !== null
                  ? `max ${formatGasPrice(tx.maxFeePerGas)}, priority ${formatGasPrice(tx.maxPriorityFeePerGas ?? '0')}`
                  : `gas price ${formatGasPrice(tx.gasPrice ?? '0')}`,
            },
            { label: 'Type', value: TYPES[tx.type] ?? String(tx.type) },
            { label: 'Nonce', value: tx.nonce },
            ...(tx.revertData
              ? [{ label: 'Revert data', value: <span className="mono break">{tx.revertData}</span> }]
              : []),
          ]}
        />
      </section>
      <section className="panel">
        <h2>Input</h2>
        <DecodedInput input={tx.input} decoded={registry.decodeInput(tx.to, tx.input)} />
      </section>
      {tx.tokenTransfers.length > 0 ? (
        <section className="panel">
          <h2>Token transfers</h2>
          <TokenTransferTable transfers={tx.tokenTransfers} />
        </section>
      ) : null}
      <section className="panel">
        <h2>Logs</h2>
        <TransactionLogs logs={tx.logs} registry={registry} />
      </section>
      <Suspense fallback={<TracePlaceholder title="Call tree" />}>
        <CallTreeSection hash={tx.hash} />
      </Suspense>
      <section className="panel">
        <h2>State changes</h2>
        <DerivedStateChanges tx={tx} />
      </section>
      <Suspense fallback={<TracePlaceholder title="State diff" />}>
        <StateDiffSection hash={tx.hash} />
      </Suspense>
    </article>
  )
  return (
    <AbandonedByRewind
      position={{
        kind: 'transaction',
        hash: tx.hash,
        miniBlock: tx.miniBlockNumber,
        timestampUs: tx.timestampUs,
      }}
    >
      {page}
    </AbandonedByRewind>
  )
}

/** A trace section while the edge re-runs the transaction: the rest of the page is already there. */
function TracePlaceholder({ title }: { title: string }) {
  return (
    <section className="panel">
      <h2>{title}</h2>
      <Skeleton lines={3} />
    </section>
  )
}
