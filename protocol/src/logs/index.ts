export { type LogMatch, matchesLog } from './matchesLog.ts'
