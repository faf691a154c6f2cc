// The data-availability log: stream events made durable in local segment files,
// recovered on open, and replayed on top of the newest state snapshot.
export { LogClosedError, LogCorruptError, LogErrorCode, LogSequenceError, LogWriteError } from './errors.ts'
export { type LocalLog, type LocalLogOptions, openLocalLog } from './openLocalLog.ts'
export { type Fresh, type Recovered, type RecoverOptions, recover } from './recover.ts'
