import type { FileHandle } from 'node:fs/promises'
import { MAX_RECORD_BYTES, payloadChecksum, RECORD_HEADER_BYTES } from './segmentFormat.ts'

/** A record whose checksum matched; `end` is the offset just past it. */
export type GoodRecord = { kind: 'record'; offset: number; end: number; payload: Uint8Array }

/**
 * The first record that does not verify. `reachesEnd` is true when nothing
 * verifiable could follow it in the range (header cut short, length past the
 * end, or a checksum mismatch on the range's last record): the shape a crash
 * mid-write leaves, as opposed to damage with intact records after it.
 */
export type BadRecord = {
  kind: 'bad'
  offset: number
  problem: string
  reachesEnd: boolean
  /** Where the record would end by its header, when its length is plausible and in range. */
  claimedEnd?: number
}

const CHUNK_BYTES = 1 << 20

/**
 * Reads records from `start` to `end` of a segment in chunks of about 1 MiB
 * (more only for a larger record), so memory stays bounded. Stops after the
 * first bad record. Yielded payloads are never overwritten by later reads.
 */
export async function* readRecords(
  handle: FileHandle,
  start: number,
  end: number,
): AsyncGenerator<GoodRecord | BadRecord> {
  let buffer = Buffer.alloc(0)
  let at = 0 // index in `buffer` of the next record
  let bufferStart = start // file offset of buffer[0]

  // Makes `need` bytes available from `at`, or as many as the range holds.
  async function fill(need: number): Promise<number> {
    const available = buffer.length - at
    const fileLeft = end - (bufferStart + buffer.length)
    if (available >= need || fileLeft <= 0) return available
    const toRead = Math.min(fileLeft, Math.max(CHUNK_BYTES, need - available))
    const next = Buffer.allocUnsafe(available + toRead)
    buffer.copy(next, 0, at)
    let filled = available
    while (filled < next.length) {
      const position = bufferStart + at + filled
      const { bytesRead } = await handle.read(next, filled, next.length - filled, position)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    bufferStart += at
    buffer = next.subarray(0, filled)
    at = 0
    return filled
  }

  while (bufferStart + at < end) {
    const offset = bufferStart + at
    if ((await fill(RECORD_HEADER_BYTES)) < RECORD_HEADER_BYTES) {
      yield { kind: 'bad', offset, problem: 'record header cut short', reachesEnd: true }
      return
    }
    const length = buffer.readUInt32LE(at)
    const checksum = buffer.readUInt32LE(at + 4)
    const recordEnd = offset + RECORD_HEADER_BYTES + length
    if (length === 0 || length > MAX_RECORD_BYTES) {
      const problem = `implausible record length ${length}`
      yield { kind: 'bad', offset, problem, reachesEnd: recordEnd >= end }
      return
    }
    if (recordEnd > end) {
      yield { kind: 'bad', offset, problem: `record of ${length} bytes cut short`, reachesEnd: true }
      return
    }
    await fill(RECORD_HEADER_BYTES + length)
    const payload = buffer.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + length)
    if (payloadChecksum(payload) !== checksum) {
      yield {
        kind: 'bad',
        offset,
        problem: 'checksum mismatch',
        reachesEnd: recordEnd === end,
        claimedEnd: recordEnd,
      }
      return
    }
    at += RECORD_HEADER_BYTES + length
    yield { kind: 'record', offset, end: recordEnd, payload }
  }
}
