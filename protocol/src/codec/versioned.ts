import { UnsupportedVersionError } from '../errors/index.ts'
import { ByteReader } from './ByteReader.ts'
import { ByteWriter } from './ByteWriter.ts'

/** The only format version this build writes and reads. */
export const FORMAT_V1 = 1

/** Writes the version byte, then the body. */
export function encodeVersioned<T>(
  what: string,
  value: T,
  write: (w: ByteWriter, value: T) => void,
  initialCapacity = 256,
): Uint8Array {
  const w = new ByteWriter(what, initialCapacity)
  w.u8(FORMAT_V1, 'version')
  write(w, value)
  return w.finish()
}

/** Reads and checks a version byte. */
export function readVersion(r: ByteReader): void {
  const version = r.u8('version')
  if (version !== FORMAT_V1) throw new UnsupportedVersionError(r.what, version)
}

/** Checks the version, reads the body, and rejects trailing bytes. */
export function decodeVersioned<T>(bytes: Uint8Array, what: string, read: (r: ByteReader) => T): T {
  const r = new ByteReader(bytes, what)
  readVersion(r)
  const value = read(r)
  r.end()
  return value
}
