export {
  defaultConfig,
  defineConfig,
  type GenesisAllocation,
  type LinkConfig,
  type SequencerConfig,
  type SequencerConfigInput,
} from './defineConfig.ts'
