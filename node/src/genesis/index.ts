export { type DevAccount, deriveDevAccounts } from './devAccounts.ts'
export { DEVNET_VERIFIER_ADDRESS, DEVNET_VERIFIER_KEY } from './devVerifier.ts'
export { applyGenesis, genesisAccounts } from './genesisState.ts'
