export { createSequencer, type Sequencer, type SequencerStats } from './createSequencer.ts'
export { ShuttingDownError } from './errors.ts'
