import { ExplorerError, ExplorerErrorCode } from '../../errors.ts'

/**
 * Says why data is missing and what to run. Server pages render it when the
 * indexer is down or rejects a query, instead of an error page.
 */
export function Unavailable({ error, what }: { error: unknown; what: string }) {
  const unreachable = error instanceof ExplorerError && error.code === ExplorerErrorCode.indexerUnreachable
  return (
    <section className="notice notice-error" role="alert" data-testid="unavailable">
      <h2>{unreachable ? 'The indexer is unreachable' : `Could not load ${what}`}</h2>
      <p>{error instanceof Error ? error.message : String(error)}.</p>
      {unreachable ? (
        <p>
          Start the devnet with <code>pnpm start</code> (it runs the sequencer, the RPC edge and the indexer),
          or point <code>RTEVM_INDEXER_URL</code> at a running indexer, then reload.
        </p>
      ) : null}
    </section>
  )
}
