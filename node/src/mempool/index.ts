export { createMempool } from './createMempool.ts'
export {
  AlreadyKnownError,
  FeeTooLowError,
  InsufficientFundsError,
  InvalidMempoolOptionsError,
  MempoolFullError,
  NonceTooHighError,
  NonceTooLowError,
  type PoolUsage,
  ReplacementUnderpricedError,
  type ReplacementFees,
  SenderQueueFullError,
  TipAboveFeeCapError,
} from './errors.ts'
export { defaultMempoolOptions } from './options.ts'
export type { AccountState, AddResult, Mempool, MempoolOptions, PoolTransaction } from './types.ts'
