export { type CreateRtevmChainParameters, createRtevmChain } from './createRtevmChain.ts'
export { DEV_ACCOUNT_COUNT, DEV_MNEMONIC } from './devAccounts.ts'
export { rtevmDevnet } from './rtevmDevnet.ts'
export { rtevmPollingIntervalMs } from './rtevmPollingIntervalMs.ts'
