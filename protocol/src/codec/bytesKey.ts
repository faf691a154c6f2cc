/**
 * A Map key for `bytes`: one UTF-16 unit per byte, so equal bytes give equal
 * keys. Shorter than hex and built without a Node `Buffer`; never shown to anyone.
 */
export function bytesKey(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[])
}
