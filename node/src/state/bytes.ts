const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Unprefixed lowercase hex; the state's map keys. */
export function hexFromBytes(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]]
  return out
}

/** Parses unprefixed (or 0x-prefixed) hex of even length. */
export function bytesFromHex(hex: string): Uint8Array {
  const start = hex.startsWith('0x') ? 2 : 0
  const out = new Uint8Array((hex.length - start) >> 1)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.substr(start + i * 2, 2), 16)
  return out
}

export function bytesToBigInt(bytes: Uint8Array | undefined): bigint {
  if (!bytes || bytes.length === 0) return 0n
  let value = 0n
  for (let i = 0; i < bytes.length; i++) value = (value << 8n) | BigInt(bytes[i])
  return value
}

/** Minimal big-endian bytes; zero is empty. */
export function bigIntToBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0)
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  return bytesFromHex(hex)
}
