export { type CreateRtevmChainParameters, createRtevmChain } from './createRtevmChain.ts'
export { rtevmDevnet } from './rtevmDevnet.ts'
export { rtevmPollingIntervalMs } from './rtevmPollingIntervalMs.ts'
