export {
  defaultConfig,
  defineConfig,
  type GenesisAllocation,
  type LinkConfig,
  type LinkPeer,
  type LinkTls,
  type SequencerConfig,
  type SequencerConfigInput,
} from './defineConfig.ts'
export { DEVNET_VERIFIER_ADDRESS, DEVNET_VERIFIER_KEY } from './devVerifier.ts'
