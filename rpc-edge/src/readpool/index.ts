export {
  createReadPool,
  type ForwardableLog,
  type ReadPool,
  type ReadPoolOptions,
  type ReadPoolStats,
} from './createReadPool.ts'
export { ReadPoolBusyError, ReadWorkerError } from './errors.ts'
export { offloadReads } from './offloadReads.ts'
export { renderReadPoolMetrics } from './renderReadPoolMetrics.ts'
