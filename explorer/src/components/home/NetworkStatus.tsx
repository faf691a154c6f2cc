'use client'

import Link from 'next/link'
import type { ReactNode } from 'react'
import { formatInteger } from '../../format/formatters.ts'
import { useChainHeads } from '../../live/ChainHeadsProvider.tsx'
import { useExplorer } from '../../live/ExplorerProvider.tsx'
import * as urls from '../../urls.ts'

function BlockRef({ number }: { number: bigint | string | null | undefined }) {
  if (number === null || number === undefined) return <>–</>
  return (
    <Link href={urls.block(number.toString())} prefetch={false}>
      {formatInteger(number)}
    </Link>
  )
}

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="stat">
      <span>{label}</span>
      <strong data-testid={testId}>{children}</strong>
    </div>
  )
}

/** The sequencer's head and finality from the edge, and how far behind the indexer is. */
export function NetworkStatus() {
  const { config, link } = useExplorer()
  const { edge, edgeError, meta, metaError } = useChainHeads()
  return (
    <section className="panel" data-testid="network-status">
      <header className="panel-head">
        <h2>Network</h2>
        <p className="counters">
          indexer <span className={`dot dot-${link}`} /> {link}
        </p>
      </header>
      <div className="stats-grid">
        <Stat label="Sequencer head (eth_blockNumber)" testId="status-head">
          <BlockRef number={edge?.head} />
        </Stat>
        <Stat label="Safe (re-derived)" testId="status-safe">
          <BlockRef number={edge?.safe} />
        </Stat>
        <Stat label="Finalized (attested)" testId="status-finalized">
          <BlockRef number={edge?.finalized} />
        </Stat>
        <Stat label="Indexer head mini-block" testId="status-indexer-mini-block">
          {meta ? (
            <Link href={urls.miniBlock(meta.headMiniBlock)} prefetch={false}>
              {formatInteger(meta.headMiniBlock)}
            </Link>
          ) : (
            '–'
          )}
        </Stat>
        <Stat label="Indexer head block" testId="status-indexer-block">
          <BlockRef number={meta?.headBlock} />
        </Stat>
        <Stat label="Indexer lag" testId="status-lag">
          {meta && meta.lagEvents > 0 ? `${formatInteger(meta.lagEvents)} events, ` : null}
          {meta ? `${meta.lagMs.toFixed(1)} ms` : '–'}
        </Stat>
      </div>
      {edgeError ? (
        <p className="notice notice-error">
          RPC edge unreachable at <code>{config.rpcUrl}</code>: start the devnet with <code>pnpm start</code>{' '}
          or set <code>RTEVM_RPC_URL</code>.
        </p>
      ) : null}
      {metaError ? <p className="notice notice-error">Indexer status: {metaError}</p> : null}
    </section>
  )
}
