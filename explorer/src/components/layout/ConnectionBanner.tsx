'use client'

import { useExplorer } from '../../live/ExplorerProvider.tsx'

/** Shown on every page while the indexer's WebSocket is down: live data stops, so say what to run. */
export function ConnectionBanner() {
  const { config, link } = useExplorer()
  if (link !== 'down') return null
  return (
    <div className="notice notice-error banner" role="alert" data-testid="indexer-down">
      Live updates paused: the indexer at <code>{config.indexerUrl}</code> is unreachable (retrying). Start
      the devnet with <code>pnpm start</code> or set <code>RTEVM_INDEXER_URL</code>.
    </div>
  )
}
