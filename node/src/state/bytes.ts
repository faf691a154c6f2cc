/**
 * Unprefixed lowercase hex; the state's map keys. Node's encoder makes one flat
 * string: appending two characters at a time makes a tree of concatenations
 * instead, which a map keeps as its key (measured: 900 B per 32-byte key
 * against 117 B flat, and lookups 3× slower).
 */
export function hexFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

// Nibble value by char code; -1 for characters that are not hex digits.
const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i
  NIBBLE[97 + i] = 10 + i
}

/** Parses unprefixed (or 0x-prefixed) hex of even length; throws RangeError on anything else. */
export function bytesFromHex(hex: string): Uint8Array {
  const start = hex.startsWith('0x') ? 2 : 0
  if ((hex.length - start) % 2 !== 0) throw new RangeError(`hex of odd length: ${hex.slice(0, 20)}`)
  const out = new Uint8Array((hex.length - start) >> 1)
  for (let i = 0, j = start; i < out.length; i++, j += 2) {
    const high = NIBBLE[hex.charCodeAt(j)] ?? -1
    const low = NIBBLE[hex.charCodeAt(j + 1)] ?? -1
    if (high < 0 || low < 0) throw new RangeError(`not hex: ${hex.slice(0, 20)}`)
    out[i] = (high << 4) | low
  }
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
