export type { AccountRecord } from './AccountRecord.ts'
export { bigIntToBytes, bytesFromHex, bytesToBigInt, hexFromBytes } from './bytes.ts'
export { createRamState, type RamState } from './RamState.ts'
