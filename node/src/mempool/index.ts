export { createMempool } from './createMempool.ts'
export {
  AlreadyKnownError,
  InvalidMempoolOptionsError,
  MempoolFullError,
  NonceTooHighError,
  type PoolUsage,
  type ReplacementFees,
  ReplacementUnderpricedError,
  SenderQueueFullError,
  TipAboveFeeCapError,
} from './errors.ts'
export { defaultMempoolOptions } from './options.ts'
export type {
  AccountState,
  AddResult,
  Mempool,
  MempoolHooks,
  MempoolOptions,
  PoolTransaction,
} from './types.ts'
