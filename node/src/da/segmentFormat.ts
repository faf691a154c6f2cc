import { crc32 } from 'node:zlib'
import { ByteReader } from '@rtevm/protocol'

/** First bytes of every segment file: "rtdalog" and format version 1. */
export const SEGMENT_HEADER = Uint8Array.of(0x72, 0x74, 0x64, 0x61, 0x6c, 0x6f, 0x67, 0x01)
/** `[length u32 LE][crc32 of payload u32 LE]` before each payload. */
export const RECORD_HEADER_BYTES = 8
/** Larger lengths are garbage, not records: no stream event comes near this. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024

const SEGMENT_NAME = /^(\d{20})\.seg$/

/** A segment is named by the seq of its first record, zero-padded so names sort like seqs. */
export function segmentName(firstSeq: bigint): string {
  return `${firstSeq.toString().padStart(20, '0')}.seg`
}

/** The first seq a segment file name stands for; undefined for files that are not segments. */
export function parseSegmentName(name: string): bigint | undefined {
  const match = SEGMENT_NAME.exec(name)
  return match ? BigInt(match[1]) : undefined
}

/** One record as written: header then payload. */
export function frameRecord(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length)
  frame.writeUInt32LE(payload.length, 0)
  frame.writeUInt32LE(crc32(payload), 4)
  frame.set(payload, RECORD_HEADER_BYTES)
  return frame
}

/** CRC-32 (IEEE, as zlib) of a payload, to compare with a record header's. */
export function payloadChecksum(payload: Uint8Array): number {
  return crc32(payload)
}

/**
 * The seq of an encoded stream event without decoding the rest: the v1
 * layout is `01 kind u64:seq body` (FORMATS.md). Throws `DecodeError`.
 */
export function recordSeq(payload: Uint8Array): bigint {
  const reader = new ByteReader(payload.subarray(0, 12), 'stream event')
  const version = reader.u8('version')
  if (version !== 1) reader.fail('version', `unsupported version ${version}`)
  reader.u8('kind')
  return reader.u64('seq')
}
