// How many of a block's transactions could run side by side: per-transaction
// read and write keys, their dependency DAG, its critical path.
export { analyzeBlock, type BlockParallelism, buildDependencyDag, type TxAccess } from './analyzeBlock.ts'
export {
  accountKey,
  recordTxAccess,
  slotKey,
  type TxAccessRecorder,
  type TxAccessRecorderOptions,
} from './recordTxAccess.ts'
export { recordWorkloadAccess, type WorkloadAccessOptions } from './recordWorkloadAccess.ts'
