import { bytesToHex } from 'viem'

/** A JSON-RPC quantity: minimal hex, `0x0` for zero. */
export function quantityHex(value: bigint | number): `0x${string}` {
  return `0x${value.toString(16)}`
}

/** JSON-RPC data: hex of the bytes, `0x` for none. */
export function dataHex(bytes: Uint8Array): `0x${string}` {
  return bytesToHex(bytes)
}

/** A 20-byte address as lower-case hex (clients checksum for display themselves). */
export function addressHex(bytes: Uint8Array): `0x${string}` {
  return bytesToHex(bytes)
}
