// The numbered stream of events (mini-block | block | finality) that followers
// read from a cursor: the sequencer appends, the link and full nodes replay it.
export { createEventLog, type EventListener, type EventLog, type LoggedEvent } from './createEventLog.ts'
export { CursorAheadError, CursorPrunedError } from './errors.ts'
