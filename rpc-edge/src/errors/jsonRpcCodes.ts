import { ErrorCode } from '@rtevm/protocol'
import { RpcErrorCode } from './RpcErrorCode.ts'
import { simulateJsonRpcCodes } from './simulateJsonRpcCodes.ts'

/** Standard JSON-RPC 2.0 and EIP-1474 / EIP-7966 numeric codes. */
export const JsonRpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  /** EIP-1474 "invalid input": the -32000 family wallets show for rejected transactions. */
  InvalidInput: -32000,
  ResourceNotFound: -32001,
  /** EIP-1474 "limit exceeded". */
  LimitExceeded: -32005,
  /** A revert; `data` carries the revert payload (as geth and anvil do). */
  ExecutionReverted: 3,
  /** EIP-7966: the transaction was accepted but not included within the timeout. */
  SyncTimeout: 4,
  /** EIP-7966: the node cannot answer for the transaction yet. */
  NotReady: 5,
} as const

/**
 * THE table from stable string codes to JSON-RPC numbers. Every error a
 * handler throws goes through it; a code missing here is reported as internal.
 */
export const jsonRpcCodes: Readonly<Record<string, number>> = {
  [RpcErrorCode.ParseError]: JsonRpcCode.ParseError,
  [RpcErrorCode.InvalidRequest]: JsonRpcCode.InvalidRequest,
  [RpcErrorCode.MethodNotFound]: JsonRpcCode.MethodNotFound,
  [RpcErrorCode.InvalidParams]: JsonRpcCode.InvalidParams,
  [RpcErrorCode.LimitExceeded]: JsonRpcCode.LimitExceeded,
  [RpcErrorCode.NotReady]: JsonRpcCode.NotReady,
  [RpcErrorCode.RealtimeExpired]: JsonRpcCode.InvalidInput,
  [RpcErrorCode.ExecutionError]: JsonRpcCode.InvalidInput,
  [RpcErrorCode.UnknownAccount]: JsonRpcCode.InvalidInput,
  [RpcErrorCode.FilterNotFound]: JsonRpcCode.InvalidInput,
  [RpcErrorCode.InvalidConfig]: JsonRpcCode.Internal,
  [RpcErrorCode.ListenFailed]: JsonRpcCode.Internal,

  [ErrorCode.MalformedInput]: JsonRpcCode.InvalidInput,
  [ErrorCode.UnsupportedVersion]: JsonRpcCode.InvalidInput,
  [ErrorCode.PayloadTooLarge]: JsonRpcCode.LimitExceeded,

  [ErrorCode.InvalidTransaction]: JsonRpcCode.InvalidInput,
  [ErrorCode.InvalidSignature]: JsonRpcCode.InvalidInput,
  [ErrorCode.WrongChainId]: JsonRpcCode.InvalidInput,
  [ErrorCode.NonceTooLow]: JsonRpcCode.InvalidInput,
  [ErrorCode.NonceTooHigh]: JsonRpcCode.InvalidInput,
  [ErrorCode.InsufficientFunds]: JsonRpcCode.InvalidInput,
  [ErrorCode.IntrinsicGasTooLow]: JsonRpcCode.InvalidInput,
  [ErrorCode.GasLimitExceeded]: JsonRpcCode.InvalidInput,
  [ErrorCode.FeeTooLow]: JsonRpcCode.InvalidInput,
  [ErrorCode.ReplacementUnderpriced]: JsonRpcCode.InvalidInput,
  [ErrorCode.AlreadyKnown]: JsonRpcCode.InvalidInput,
  // Pool pressure is a limit: retrying later can succeed.
  [ErrorCode.MempoolFull]: JsonRpcCode.LimitExceeded,
  [ErrorCode.SenderQueueFull]: JsonRpcCode.LimitExceeded,
  [ErrorCode.DevMethodsDisabled]: JsonRpcCode.MethodNotFound,
  // The edge's link key lacks the role (submit, privileged): this node does not offer the method.
  [ErrorCode.Forbidden]: JsonRpcCode.MethodNotFound,
  [ErrorCode.InvalidDevCommand]: JsonRpcCode.InvalidParams,
  [ErrorCode.NotImpersonated]: JsonRpcCode.InvalidInput,
  [ErrorCode.AttestationRejected]: JsonRpcCode.InvalidInput,
  [ErrorCode.TransactionReplaced]: JsonRpcCode.InvalidInput,
  [ErrorCode.TransactionEvicted]: JsonRpcCode.InvalidInput,

  [ErrorCode.ExecutionFailed]: JsonRpcCode.ExecutionReverted,
  [ErrorCode.CursorPruned]: JsonRpcCode.InvalidInput,
  [ErrorCode.CursorAhead]: JsonRpcCode.InvalidInput,
  [ErrorCode.NotFound]: JsonRpcCode.ResourceNotFound,
  [ErrorCode.Timeout]: JsonRpcCode.SyncTimeout,
  [ErrorCode.ShuttingDown]: JsonRpcCode.NotReady,
  [ErrorCode.LinkClosed]: JsonRpcCode.NotReady,
  [ErrorCode.Internal]: JsonRpcCode.Internal,
  ...simulateJsonRpcCodes,
}
