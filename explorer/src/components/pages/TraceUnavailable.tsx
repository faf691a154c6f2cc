import { describeTraceFailure } from '../../trace/describeTraceFailure.ts'

/**
 * Why a trace section is empty, in place of the section's content: the rest of the
 * transaction page comes from the indexer and stays whole.
 */
export function TraceUnavailable({ error, what }: { error: unknown; what: string }) {
  const { title, message, hint } = describeTraceFailure(error, what)
  return (
    <div className="notice notice-error" role="status" data-testid="trace-unavailable">
      <p>
        <strong>{title}</strong>: {message}.
      </p>
      {hint === 'start-edge' ? (
        <p>
          Start the devnet with <code>pnpm start</code> or point <code>RTEVM_RPC_URL</code> at a running edge,
          then reload.
        </p>
      ) : hint === 'history-window' ? (
        <p>
          The edge re-runs a transaction on the state of its block and keeps that state only for recent blocks
          (its state history window). The rest of this page comes from the indexer and is complete.
        </p>
      ) : null}
    </div>
  )
}
