export { applyStateDiff, ReplicaMismatchError } from './block/index.ts'
export { banner } from './cli/banner.ts'
export { bigintFlag, booleanFlag, integerFlag } from './cli/flagValues.ts'
export { applyCliOptions, type CliOption, optionsHelp, sequencerOptions } from './cli/options.ts'
export type { AccountProof, StorageProof } from './commitment/index.ts'
export {
  defaultConfig,
  defineConfig,
  type GenesisAllocation,
  type LinkConfig,
  type SequencerConfig,
  type SequencerConfigInput,
} from './config/index.ts'
// The sequencer's admission errors, so an edge refusing a transaction early gives the very same error.
export { InvalidSignatureError, InvalidTransactionError, WrongChainIdError } from './executor/errors.ts'
export {
  type AccessListEntry,
  type AccessListResult,
  type AccountOverride,
  type BlockContext,
  type Caller,
  type CallerOptions,
  CallRejectedError,
  type CallRequest,
  type CallResult,
  createCaller,
  // For test support (@rtevm/testkit): signing with and replaying on the sequencer's chain rules.
  createChainCommon,
  createInlineRecovery,
  createRecoveryPool,
  createSharedTxCommon,
  EstimateGasError,
  type Recovered,
  type SenderRecovery,
} from './executor/index.ts'
export {
  type ChainParams,
  chainParams,
  type DevAccount,
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
  type LinkServer,
  listenExclusive,
} from './link/index.ts'
export { FeeTooLowError, InsufficientFundsError, NonceTooLowError } from './mempool/index.ts'
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
  type ReplicaListener,
  type ReplicaOptions,
  ReplicaSequenceError,
  type RetentionOptions,
} from './replica/index.ts'
export {
  createSequencer,
  GasLimitExceededError,
  IntrinsicGasTooLowError,
  type Sequencer,
  type SequencerStats,
} from './sequencer/index.ts'
export { bytesFromHex, bytesToBigInt, hexFromBytes, type RamState } from './state/index.ts'
