import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Stable codes of the explorer's own errors (what a page or a test may match on). */
export const ExplorerErrorCode = {
  indexerUnreachable: 'EXPLORER_INDEXER_UNREACHABLE',
  indexerQuery: 'EXPLORER_INDEXER_QUERY',
  edgeUnreachable: 'EXPLORER_EDGE_UNREACHABLE',
  edgeRpc: 'EXPLORER_EDGE_RPC',
  traceShape: 'EXPLORER_TRACE_SHAPE',
} as const

export type ExplorerErrorCode = (typeof ExplorerErrorCode)[keyof typeof ExplorerErrorCode]

/**
 * The explorer's errors: rtevm's one error class (short message, code, cause, `retryable`,
 * `walk()`) with the explorer's codes.
 */
export class ExplorerError extends RtevmError {
  override name = 'ExplorerError'
  declare readonly code: ExplorerErrorCode
  constructor(code: ExplorerErrorCode, shortMessage: string, options: RtevmErrorOptions = {}) {
    super(code, shortMessage, options)
  }
}

/** The indexer did not answer (connection refused, timeout, non-GraphQL reply). */
export class IndexerUnreachableError extends ExplorerError {
  override name = 'IndexerUnreachableError'
  constructor(
    readonly url: string,
    cause?: unknown,
  ) {
    super(ExplorerErrorCode.indexerUnreachable, `the indexer at ${url} is unreachable`, {
      cause,
      retryable: true,
    })
  }
}

/** The indexer answered with GraphQL errors. */
export class IndexerQueryError extends ExplorerError {
  override name = 'IndexerQueryError'
  constructor(
    message: string,
    readonly messages: readonly string[],
  ) {
    super(ExplorerErrorCode.indexerQuery, message)
  }
}

/** The edge's JSON-RPC did not answer. */
export class EdgeUnreachableError extends ExplorerError {
  override name = 'EdgeUnreachableError'
  constructor(
    readonly url: string,
    cause?: unknown,
  ) {
    super(ExplorerErrorCode.edgeUnreachable, `the RPC edge at ${url} is unreachable`, {
      cause,
      retryable: true,
    })
  }
}

/** The edge answered a JSON-RPC error. */
export class EdgeRpcError extends ExplorerError {
  override name = 'EdgeRpcError'
  constructor(
    readonly method: string,
    readonly rpcCode: number,
    message: string,
  ) {
    super(ExplorerErrorCode.edgeRpc, `${method}: ${message} (${rpcCode})`)
  }
}

/** A debug_traceTransaction result that is not in the shape of geth's tracer (a field missing or mistyped). */
export class TraceShapeError extends ExplorerError {
  override name = 'TraceShapeError'
  constructor(
    readonly tracer: string,
    detail: string,
  ) {
    super(ExplorerErrorCode.traceShape, `the edge's ${tracer} result is not in geth's shape: ${detail}`)
  }
}
