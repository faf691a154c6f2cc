export { CHAIN_HARDFORK, createChainCommon, createSharedTxCommon } from './chainCommon.ts'
export {
  type CallerOptions,
  CallRejectedError,
  createCaller,
  type RunObserver,
  type TracingCaller,
} from './createCaller.ts'
export { createExecutor, type Executor } from './createExecutor.ts'
export { createSimulator, type SimulatorOptions } from './createSimulator.ts'
export { createTracer, type TracerOptions, type TraceSource } from './createTracer.ts'
export {
  createTransactionDecoder,
  type DecodedTransaction,
  type TransactionDecoder,
} from './decodeTransaction.ts'
export type { ExecutedTransaction } from './ExecutedTransaction.ts'
export { ExecutionRejectedError } from './errors.ts'
export {
  createAdaptiveRecovery,
  createInlineRecovery,
  createRecoveryPool,
} from './recovery/index.ts'
