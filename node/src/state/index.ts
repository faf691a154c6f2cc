export type { AccountRecord } from './AccountRecord.ts'
export { bigIntToBytes, bytesFromHex, bytesToBigInt, hexFromBytes } from './bytes.ts'
export {
  createStateHistory,
  type HistoryWindow,
  type StateAt,
  type StateHistory,
} from './createStateHistory.ts'
export { createRamState, type RamState } from './RamState.ts'
