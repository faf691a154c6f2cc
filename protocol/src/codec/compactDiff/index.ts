export { createDiffDecoder, type DiffDecoder } from './createDiffDecoder.ts'
export {
  createDiffEncoder,
  type DiffEncoder,
  type DiffTablesInit,
  type DiffTablesStats,
} from './createDiffEncoder.ts'
export { createShadowState, type GenesisAccount, type ShadowState } from './createShadowState.ts'
export { COMPACT_DIFF_VERSION } from './idTables.ts'
export type { PreAccount, PreStateLookup } from './PreStateLookup.ts'
