/** A Map key for bytes in the in-memory implementations (lower-case hex, no prefix). */
export function hexKey(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}
