import { hexFromBytes } from '../../state/index.ts'

/** 0x-prefixed hex of bytes (`0x` for none), as geth's hexutil.Bytes. */
export function dataHex(bytes: Uint8Array): string {
  return `0x${hexFromBytes(bytes)}`
}

/** A minimal 0x-prefixed quantity, as geth's hexutil.Big / Uint64 and uint256's Hex(). */
export function quantityHex(value: bigint | number): string {
  return `0x${value.toString(16)}`
}

/** A 32-byte word as 0x-prefixed hex of 64 digits, as geth's common.Hash. */
export function wordHex(value: bigint): string {
  return `0x${value.toString(16).padStart(64, '0')}`
}
