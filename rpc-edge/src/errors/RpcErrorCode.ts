/**
 * Error codes that exist only at the JSON-RPC edge (envelope and parameter
 * problems, limits, readiness). Chain-side codes come from `ErrorCode` in
 * `@rtevm/protocol`; both are mapped to numbers in `jsonRpcCodes.ts`.
 */
export const RpcErrorCode = {
  /** The body or frame is not valid JSON. */
  ParseError: 'RPC_PARSE_ERROR',
  /** Valid JSON that is not a JSON-RPC 2.0 request (or batch of them). */
  InvalidRequest: 'RPC_INVALID_REQUEST',
  MethodNotFound: 'RPC_METHOD_NOT_FOUND',
  InvalidParams: 'RPC_INVALID_PARAMS',
  /** A configured limit (batch length, subscriptions, connections, body size) was hit. */
  LimitExceeded: 'RPC_LIMIT_EXCEEDED',
  /** EIP-7966: the transaction was not processed yet / the node is not ready to say. */
  NotReady: 'RPC_NOT_READY',
  /** MegaETH `realtime_sendRawTransaction`: not included within its cap (10 s). */
  RealtimeExpired: 'RPC_REALTIME_EXPIRED',
  /** A call failed without a revert (out of gas, invalid opcode, gas above the allowance): geth's -32000. */
  ExecutionError: 'RPC_EXECUTION_ERROR',
  /** eth_sendTransaction / eth_sign for an address this edge holds no key for. */
  UnknownAccount: 'RPC_UNKNOWN_ACCOUNT',
  /** eth_getFilterChanges / eth_getFilterLogs / eth_uninstallFilter for an id that is unknown or expired (geth's -32000). */
  FilterNotFound: 'RPC_FILTER_NOT_FOUND',
  /** Server start-up problems: a bad config value, a port that cannot be bound. */
  InvalidConfig: 'RPC_INVALID_CONFIG',
  ListenFailed: 'RPC_LISTEN_FAILED',
} as const

export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode]
