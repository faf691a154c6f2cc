export { applyStateDiff, ReplicaMismatchError } from './block/index.ts'
export { banner } from './cli/banner.ts'
export { bigintFlag, booleanFlag, integerFlag } from './cli/flagValues.ts'
export { linkClientOptions, type UpstreamAccess } from './cli/linkClientOptions.ts'
export { applyCliOptions, type CliOption, optionsHelp, sequencerOptions } from './cli/options.ts'
export { PROFILE_HELP, profileFromCli, sequencerProfileInput } from './cli/profileOption.ts'
export {
  defaultConfig,
  defineConfig,
  type GenesisAllocation,
  type LinkConfig,
  type SequencerConfig,
  type SequencerConfigInput,
} from './config/index.ts'
export {
  type CallerOptions,
  CallRejectedError,
  CHAIN_HARDFORK,
  createCaller,
  // For test support (@rtevm/testkit): signing with and replaying on the sequencer's chain rules.
  createChainCommon,
  createInlineRecovery,
  createRecoveryPool,
  createSharedTxCommon,
  createSimulator,
  createTracer,
  type SimulatorOptions,
  type TraceSource,
  type TracingCaller,
} from './executor/index.ts'
export {
  type ChainParams,
  chainParams,
  deriveDevAccounts,
  GenesisErrorCode,
  GenesisMismatchError,
  loadGenesis,
} from './genesis/index.ts'
export {
  createLinkClient,
  createLinkServer,
  fetchGenesis,
  type LinkBackend,
  type LinkClient,
  type LinkClientOptions,
  type LinkKey,
  type LinkServer,
  linkKeyFromPrivateKey,
  listenExclusive,
  readLinkKey,
} from './link/index.ts'
export {
  createReplica,
  type Follower,
  type FollowOptions,
  followEventLog,
  followSequencer,
  type LogFollower,
  type Replica,
  ReplicaBusyError,
  ReplicaErrorCode,
  ReplicaHaltedError,
  type ReplicaOptions,
  ReplicaSequenceError,
  type RetentionOptions,
} from './replica/index.ts'
export {
  createSequencer,
  type Sequencer,
  type SequencerStats,
} from './sequencer/index.ts'
export { bytesFromHex, bytesToBigInt, hexFromBytes, type RamState } from './state/index.ts'
