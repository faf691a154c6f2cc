export { bigIntToBytes, bytesFromHex, bytesToBigInt, hexFromBytes } from './bytes.ts'
export { type AccountRecord, createRamState, type RamState } from './RamState.ts'
