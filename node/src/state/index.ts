export type { AccountRecord } from './AccountRecord.ts'
export { bigIntToBytes, bytesFromHex, bytesToBigInt, hexFromBytes } from './bytes.ts'
export {
  createStateHistory,
  DEFAULT_HISTORY_WINDOW,
  type HistoryWindow,
  type StateAt,
  type StateHistory,
} from './createStateHistory.ts'
export { createRamState, type RamState, type StateReader } from './RamState.ts'
