export { benchDiffSize } from './benchDiffSize.ts'
export {
  type DiffWorkload,
  erc20DiffWorkload,
  ethDiffWorkload,
  swapDiffWorkload,
} from './diffWorkloads.ts'
export { type CodecSpeed, measureCodecSpeed } from './measureCodecSpeed.ts'
export {
  type Batching,
  type DiffSizeOptions,
  type DiffSizeRun,
  lookupOf,
  measureDiffSize,
} from './measureDiffSize.ts'
export { measureTableMemory, type TableMemory } from './measureTableMemory.ts'
