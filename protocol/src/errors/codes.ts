/** Stable error codes. The JSON-RPC edge maps each one to a numeric code in a single table. */
export const ErrorCode = {
  // decoding
  MalformedInput: 'MALFORMED_INPUT',
  UnsupportedVersion: 'UNSUPPORTED_VERSION',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  // transaction admission
  InvalidTransaction: 'INVALID_TRANSACTION',
  InvalidSignature: 'INVALID_SIGNATURE',
  WrongChainId: 'WRONG_CHAIN_ID',
  NonceTooLow: 'NONCE_TOO_LOW',
  NonceTooHigh: 'NONCE_TOO_HIGH',
  InsufficientFunds: 'INSUFFICIENT_FUNDS',
  IntrinsicGasTooLow: 'INTRINSIC_GAS_TOO_LOW',
  GasLimitExceeded: 'GAS_LIMIT_EXCEEDED',
  FeeTooLow: 'FEE_TOO_LOW',
  ReplacementUnderpriced: 'REPLACEMENT_UNDERPRICED',
  AlreadyKnown: 'ALREADY_KNOWN',
  MempoolFull: 'MEMPOOL_FULL',
  SenderQueueFull: 'SENDER_QUEUE_FULL',
  TransactionReplaced: 'TRANSACTION_REPLACED',
  TransactionEvicted: 'TRANSACTION_EVICTED',
  // devnet controls
  DevMethodsDisabled: 'DEV_METHODS_DISABLED',
  InvalidDevCommand: 'INVALID_DEV_COMMAND',
  NotImpersonated: 'NOT_IMPERSONATED',
  // verification
  AttestationRejected: 'ATTESTATION_REJECTED',
  // link access
  /** A link peer's key is unknown or its signature does not verify. */
  Unauthorized: 'UNAUTHORIZED',
  /** The link connection lacks the role the operation needs; nothing was done. */
  Forbidden: 'FORBIDDEN',
  /** A setting that cannot work (a malformed peers file, an exposed link without credentials). */
  InvalidConfig: 'INVALID_CONFIG',
  // execution and chain
  ExecutionFailed: 'EXECUTION_FAILED',
  CursorPruned: 'CURSOR_PRUNED',
  CursorAhead: 'CURSOR_AHEAD',
  NotFound: 'NOT_FOUND',
  Timeout: 'TIMEOUT',
  ShuttingDown: 'SHUTTING_DOWN',
  LinkClosed: 'LINK_CLOSED',
  Internal: 'INTERNAL',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]
