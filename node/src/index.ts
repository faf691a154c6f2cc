export {
  defaultConfig,
  defineConfig,
  type GenesisAllocation,
  type LinkConfig,
  type SequencerConfig,
  type SequencerConfigInput,
} from './config/index.ts'
export { type DevAccount, deriveDevAccounts } from './genesis/index.ts'
export { createSequencer, type Sequencer, type SequencerStats } from './sequencer/index.ts'
