export { type DevAccount, deriveDevAccounts } from './devAccounts.ts'
export { applyGenesis, genesisAccounts } from './genesisState.ts'
