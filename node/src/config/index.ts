export { defaultConfig, defineConfig, type LinkConfig, type SequencerConfig, type SequencerConfigInput } from './defineConfig.ts'
