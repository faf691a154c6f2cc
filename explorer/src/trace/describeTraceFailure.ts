import { EdgeRpcError, ExplorerError, ExplorerErrorCode } from '../errors.ts'

/** The edge's "resource not found": an unknown transaction, or a block beyond its state history window. */
const RESOURCE_NOT_FOUND = -32001

export type TraceFailure = {
  title: string
  /** The error's own words (the edge's message names the window, or the URL it could not reach). */
  message: string
  /** What the reader can do or should know: start the edge, or that history is kept for a window only. */
  hint: 'start-edge' | 'history-window' | null
}

/** Why a trace section has no content, in words for the page. */
export function describeTraceFailure(error: unknown, what: string): TraceFailure {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof EdgeRpcError && error.rpcCode === RESOURCE_NOT_FOUND) {
    return { title: 'The RPC edge cannot trace this transaction', message, hint: 'history-window' }
  }
  const unreachable = error instanceof ExplorerError && error.code === ExplorerErrorCode.edgeUnreachable
  return { title: `Could not load the ${what}`, message, hint: unreachable ? 'start-edge' : null }
}
