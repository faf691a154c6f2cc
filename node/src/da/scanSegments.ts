import { type FileHandle, open, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LogCorruptError } from './errors.ts'
import { type BadRecord, readRecords } from './readRecords.ts'
import { parseSegmentName, recordSeq, SEGMENT_HEADER } from './segmentFormat.ts'

/** One segment file as recovery found it. `lastSeq` is `firstSeq - 1` when it holds no record. */
export type SegmentInfo = { path: string; firstSeq: bigint; lastSeq: bigint; bytes: number }

/** What recovery found and what it had to repair. */
export type ScanResult = {
  segments: SegmentInfo[]
  /** Bytes cut from the last segment's torn tail (0 when it ended cleanly). */
  truncatedBytes: number
}

/**
 * Recovery on open: verifies every record of every segment, in order, and
 * that seqs run contiguously from the first segment's name. Only the last
 * segment may end in a torn record (a crash mid-write, never acknowledged
 * since its fsync had not returned); it is cut off here, and the cut is
 * fsynced. Anything else wrong throws LogCorruptError.
 */
export async function scanSegments(dir: string): Promise<ScanResult> {
  const names = (await readdir(dir))
    .map((name) => ({ name, firstSeq: parseSegmentName(name) }))
    .filter((entry): entry is { name: string; firstSeq: bigint } => entry.firstSeq !== undefined)
    .sort((a, b) => (a.firstSeq < b.firstSeq ? -1 : a.firstSeq > b.firstSeq ? 1 : 0))
  const segments: SegmentInfo[] = []
  let truncatedBytes = 0
  for (let i = 0; i < names.length; i++) {
    const isLast = i === names.length - 1
    const path = join(dir, names[i].name)
    const previous = segments.at(-1)
    if (previous && names[i].firstSeq !== previous.lastSeq + 1n) {
      const problem = `starts at seq ${names[i].firstSeq} but the previous segment ends at ${previous.lastSeq}`
      throw new LogCorruptError(path, 0, problem)
    }
    const scanned = await scanSegment(path, names[i].firstSeq, isLast)
    truncatedBytes += scanned.truncatedBytes
    if (!isLast && scanned.info.lastSeq < scanned.info.firstSeq) {
      throw new LogCorruptError(path, 0, 'an empty segment before the last one')
    }
    segments.push(scanned.info)
  }
  return { segments, truncatedBytes }
}

async function scanSegment(
  path: string,
  firstSeq: bigint,
  isLast: boolean,
): Promise<{ info: SegmentInfo; truncatedBytes: number }> {
  const handle = await open(path, isLast ? 'r+' : 'r')
  try {
    const size = (await handle.stat()).size
    const header = Buffer.alloc(SEGMENT_HEADER.length)
    await handle.read(header, 0, header.length, 0)
    const headerOk = size >= header.length && header.equals(SEGMENT_HEADER)
    if (!headerOk && !(isLast && size < header.length)) {
      throw new LogCorruptError(path, 0, 'not an rtevm log segment (bad header)')
    }
    if (!headerOk) {
      // Created but its header never reached the disk: nothing in it was acknowledged.
      await handle.truncate(0)
      await handle.write(SEGMENT_HEADER, 0, SEGMENT_HEADER.length, 0)
      await handle.sync()
      return { info: { path, firstSeq, lastSeq: firstSeq - 1n, bytes: header.length }, truncatedBytes: size }
    }
    let lastSeq = firstSeq - 1n
    let goodEnd = header.length
    for await (const record of readRecords(handle, header.length, size)) {
      if (record.kind === 'bad') {
        const torn = isLast && (record.reachesEnd || (await onlyZerosAfter(handle, record, size)))
        if (!torn) throw new LogCorruptError(path, record.offset, record.problem)
        break
      }
      const seq = seqOf(path, record.offset, record.payload)
      if (seq !== lastSeq + 1n) {
        throw new LogCorruptError(path, record.offset, `seq ${seq} where ${lastSeq + 1n} was expected`)
      }
      lastSeq = seq
      goodEnd = record.end
    }
    if (goodEnd < size) {
      await handle.truncate(goodEnd)
      await handle.sync()
    }
    return { info: { path, firstSeq, lastSeq, bytes: goodEnd }, truncatedBytes: size - goodEnd }
  } finally {
    await handle.close()
  }
}

function seqOf(path: string, offset: number, payload: Uint8Array): bigint {
  try {
    return recordSeq(payload)
  } catch (cause) {
    throw new LogCorruptError(path, offset, 'checksum matches but the payload is not a stream event', {
      cause,
    })
  }
}

/**
 * Nothing but zeros after a bad record (from its start, or from where its
 * header says it ends): a write cut short by a crash, in a file whose size was
 * already set, by the file system or by the log's own preallocation.
 */
async function onlyZerosAfter(handle: FileHandle, record: BadRecord, size: number): Promise<boolean> {
  if (await isZeroFrom(handle, record.offset, size)) return true
  return record.claimedEnd !== undefined && (await isZeroFrom(handle, record.claimedEnd, size))
}

/** True when the file holds only zero bytes from `from` to `end`. */
async function isZeroFrom(handle: FileHandle, from: number, end: number): Promise<boolean> {
  const chunk = Buffer.alloc(1 << 16)
  for (let at = from; at < end; ) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, end - at), at)
    if (bytesRead === 0) return true
    for (let i = 0; i < bytesRead; i++) if (chunk[i] !== 0) return false
    at += bytesRead
  }
  return true
}
