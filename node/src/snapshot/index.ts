// State snapshots: the whole RAM state plus what a sequencer needs to resume,
// written in the background without stalling the event loop, loaded with fallback.
export { SnapshotCorruptError, SnapshotErrorCode, SnapshotStateBusyError } from './errors.ts'
export { type LoadedSnapshot, loadLatestSnapshot } from './loadLatestSnapshot.ts'
export type { SnapshotHead } from './snapshotFormat.ts'
export { type WriteSnapshotOptions, type WrittenSnapshot, writeSnapshot } from './writeSnapshot.ts'
