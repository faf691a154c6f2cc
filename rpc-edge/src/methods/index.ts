export { type BaseMethodsOptions, createBaseMethods } from './createBaseMethods.ts'
export { createBlockIndexMethods } from './createBlockIndexMethods.ts'
export { type CallAfterMethodsOptions, createCallAfterMethods } from './createCallAfterMethods.ts'
export { type ChainMethodsDeps, createChainMethods } from './createChainMethods.ts'
export { createConfigMethods } from './createConfigMethods.ts'
export { createFeeMethods, type FeeMethodsOptions } from './createFeeMethods.ts'
export {
  createLogCursorMethods,
  type LogCursorMethodsOptions,
  type LogPage,
} from './createLogCursorMethods.ts'
export { createLogMethods, type LogMethodsOptions } from './createLogMethods.ts'
export { createNodeInfoMethods, type NodeInfoMethodsOptions } from './createNodeInfoMethods.ts'
export { createProofMethods, type ProofMethodsOptions } from './createProofMethods.ts'
export { createSendMethods, type SendMethodsOptions } from './createSendMethods.ts'
export { createSnapshotMethods } from './createSnapshotMethods.ts'
export { createTxpoolMethods } from './createTxpoolMethods.ts'
export { createWitnessMethods, type WitnessSource } from './createWitnessMethods.ts'
export { logFilterRange } from './logFilterRange.ts'
export { logsOfMiniBlock } from './logsOfMiniBlock.ts'
export { logsOfRewound, type RewoundLogs } from './logsOfRewound.ts'
export { firstMiniBlockOf, miniBlockBound } from './miniBlockRange.ts'
export { type LogFilter, parseLogFilter, queryLogs } from './queryLogs.ts'
export { resolveBlockNumber, stateBlockOf, stateOf } from './resolveBlockNumber.ts'
