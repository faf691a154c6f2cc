/**
 * `bytes` as a plain `Uint8Array`. A Node `Buffer`'s `slice` returns a view
 * rather than a copy, so decoders read through this to keep their copies real.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
