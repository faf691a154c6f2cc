/**
 * Stable codes of the explorer's errors. The explorer does not import
 * `@rtevm/protocol` into the Next.js bundle (its barrel pulls node-only
 * codecs), so this mirrors RtevmError's shape: short message, code, cause.
 */
export const ExplorerErrorCode = {
  indexerUnreachable: 'EXPLORER_INDEXER_UNREACHABLE',
  indexerQuery: 'EXPLORER_INDEXER_QUERY',
  edgeUnreachable: 'EXPLORER_EDGE_UNREACHABLE',
  edgeRpc: 'EXPLORER_EDGE_RPC',
} as const

export type ExplorerErrorCode = (typeof ExplorerErrorCode)[keyof typeof ExplorerErrorCode]

export class ExplorerError extends Error {
  override readonly name: string = 'ExplorerError'
  readonly code: ExplorerErrorCode
  /** Whether trying again later can help (a server that is down may come up). */
  readonly retryable: boolean

  constructor(
    code: ExplorerErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.retryable = options.retryable ?? false
  }
}

/** The indexer did not answer (connection refused, timeout, non-GraphQL reply). */
export class IndexerUnreachableError extends ExplorerError {
  override readonly name = 'IndexerUnreachableError'
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
  override readonly name = 'IndexerQueryError'
  constructor(
    message: string,
    readonly messages: readonly string[],
  ) {
    super(ExplorerErrorCode.indexerQuery, message)
  }
}

/** The edge's JSON-RPC did not answer. */
export class EdgeUnreachableError extends ExplorerError {
  override readonly name = 'EdgeUnreachableError'
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
  override readonly name = 'EdgeRpcError'
  constructor(
    readonly method: string,
    readonly rpcCode: number,
    message: string,
  ) {
    super(ExplorerErrorCode.edgeRpc, `${method}: ${message} (${rpcCode})`)
  }
}
