export type { RetentionOptions } from './createChainIndex.ts'
export { createReplica, type Replica, type ReplicaOptions } from './createReplica.ts'
export {
  ReplicaBusyError,
  ReplicaErrorCode,
  ReplicaHaltedError,
  ReplicaSequenceError,
} from './errors.ts'
export { followEventLog, type LogFollower } from './followEventLog.ts'
export { type Follower, type FollowOptions, followSequencer } from './followSequencer.ts'
