export {
  type ClientLimiter,
  type ClientLimiterOptions,
  createClientLimiter,
  type RateLimit,
} from './createClientLimiter.ts'
export { createTokenBuckets, type TokenBucketOptions, type TokenBuckets } from './createTokenBuckets.ts'
export {
  CALL_GAS_PER_UNIT,
  createMethodCosts,
  FILTER_LOGS_COST,
  LOG_BLOCKS_PER_UNIT,
  type MethodCost,
  type MethodCostDeps,
  PROOF_COST,
  TRACE_COST,
} from './methodCosts.ts'
