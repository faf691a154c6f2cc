export {
  type ChainParams,
  chainParams,
  compactGenesis,
  describeGenesis,
  GenesisErrorCode,
  GenesisMismatchError,
  type LoadedGenesis,
  loadGenesis,
} from './chainGenesis.ts'
export { deriveDevAccounts } from './devAccounts.ts'
export { applyGenesis, genesisAccounts } from './genesisState.ts'
