export { type CommitDiff, createBlockBuilder } from './createBlockBuilder.ts'
export { createEventLog, type EventListener, type EventLog, type LoggedEvent } from './createEventLog.ts'
export { createSequencer, type Sequencer, type SequencerStats } from './createSequencer.ts'
export {
  CursorAheadError,
  CursorPrunedError,
  GasLimitExceededError,
  IntrinsicGasTooLowError,
  ShuttingDownError,
} from './errors.ts'
export { applyGenesis, commitDiffTo, genesisAccounts } from './genesisState.ts'
