/**
 * A Map key for a node hash: the 32 bytes as a 32-character latin1 string,
 * made natively (building hex strings char by char dominated witness builds).
 */
export function hashKey(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.length).toString('latin1')
}
