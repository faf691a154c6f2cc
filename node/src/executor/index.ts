export { createChainCommon, createSharedTxCommon } from './chainCommon.ts'
export {
  type AccessListEntry,
  type AccessListResult,
  type AccountOverride,
  type Caller,
  type CallerOptions,
  CallRejectedError,
  type CallRequest,
  type CallResult,
  createCaller,
  EstimateGasError,
} from './createCaller.ts'
export {
  type BlockContext,
  createExecutor,
  type Executor,
} from './createExecutor.ts'
export {
  createTransactionDecoder,
  type DecodedTransaction,
  type TransactionDecoder,
} from './decodeTransaction.ts'
export type { ExecutedTransaction } from './ExecutedTransaction.ts'
export {
  ExecutionRejectedError,
  InvalidSignatureError,
  InvalidTransactionError,
  WrongChainIdError,
} from './errors.ts'
export {
  createAdaptiveRecovery,
  createInlineRecovery,
  createRecoveryPool,
  type Recovered,
  type SenderRecovery,
} from './recovery/index.ts'
