export { createSequencer, type Sequencer, type SequencerStats } from './createSequencer.ts'
export { GasLimitExceededError, IntrinsicGasTooLowError, ShuttingDownError } from './errors.ts'
