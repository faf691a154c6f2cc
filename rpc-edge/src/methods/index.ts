export { type BaseMethodsOptions, createBaseMethods } from './createBaseMethods.ts'
export { type ChainMethodsDeps, createChainMethods } from './createChainMethods.ts'
export { createSendMethods, type SendMethodsOptions } from './createSendMethods.ts'
export { requireNewestState, resolveBlockNumber } from './resolveBlockNumber.ts'
