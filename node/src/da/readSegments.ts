import { type FileHandle, open } from 'node:fs/promises'
import { decodeStreamEvent, peekStreamEvent, type StreamEvent } from '@rtevm/protocol'
import { LogCorruptError, LogSequenceError } from './errors.ts'
import { readRecords } from './readRecords.ts'
import type { SegmentInfo } from './scanSegments.ts'
import { recordSeq, SEGMENT_HEADER } from './segmentFormat.ts'

/** What a reader sees of the log: its segments and how far they are durable, read afresh at each step. */
export type SegmentView = {
  /** Segments in seq order; `bytes` and `lastSeq` cover durable records only. */
  segments(): readonly SegmentInfo[]
  lastSeq(): bigint
}

/**
 * A durable event's record, not decoded: its seq and kind, and its payload
 * (`encodeStreamEvent` bytes, copied out of the read buffer).
 */
export type EncodedRecord = { seq: bigint; kind: StreamEvent['kind']; encoded: Uint8Array }

/**
 * Durable events from `fromSeq`, decoded one record at a time from ~1 MiB
 * reads. Follows rotation, and picks up records made durable while it runs;
 * it ends when it has caught up with `lastSeq()`.
 */
export async function* readSegments(view: SegmentView, fromSeq: bigint): AsyncGenerator<StreamEvent> {
  for await (const { path, offset, payload } of readPayloads(view, fromSeq))
    yield decode(path, offset, payload)
}

/**
 * As `readSegments`, without decoding: for a reader that keeps the encoding
 * (the sequencer's history, refilled at a restart) and decodes later, if at all.
 */
export async function* readEncodedSegments(
  view: SegmentView,
  fromSeq: bigint,
): AsyncGenerator<EncodedRecord> {
  for await (const { path, offset, payload } of readPayloads(view, fromSeq)) {
    let header: { kind: StreamEvent['kind']; seq: bigint }
    try {
      header = peekStreamEvent(payload)
    } catch (cause) {
      throw new LogCorruptError(
        path,
        offset,
        'checksum matches but the stream event header does not decode',
        {
          cause,
        },
      )
    }
    yield { ...header, encoded: payload.slice() }
  }
}

/** The records from `fromSeq` on, in seq order; each `payload` is lent from the read buffer. */
async function* readPayloads(
  view: SegmentView,
  fromSeq: bigint,
): AsyncGenerator<{ path: string; offset: number; payload: Uint8Array }> {
  let next = fromSeq
  // Where the previous pass over a segment stopped, to resume there and not rescan.
  let resume: { firstSeq: bigint; offset: number } | undefined
  while (next <= view.lastSeq()) {
    const segment = findSegment(view.segments(), next)
    const start = resume?.firstSeq === segment.firstSeq ? resume.offset : SEGMENT_HEADER.length
    const end = segment.bytes
    let handle: FileHandle
    try {
      handle = await open(segment.path, 'r')
    } catch (cause) {
      throw new LogSequenceError(`seq ${next} was pruned while being read (${String(cause)})`)
    }
    try {
      for await (const record of readRecords(handle, start, end)) {
        if (record.kind === 'bad') throw new LogCorruptError(segment.path, record.offset, record.problem)
        resume = { firstSeq: segment.firstSeq, offset: record.end }
        if (recordSeq(record.payload) < next) continue
        yield { path: segment.path, offset: record.offset, payload: record.payload }
        next++
      }
    } finally {
      await handle.close()
    }
    resume ??= { firstSeq: segment.firstSeq, offset: start }
  }
}

function findSegment(segments: readonly SegmentInfo[], seq: bigint): SegmentInfo {
  let low = 0
  let high = segments.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (segments[middle].firstSeq <= seq) low = middle
    else high = middle - 1
  }
  const segment = segments[low]
  if (!segment || seq < segment.firstSeq || seq > segment.lastSeq) {
    throw new LogSequenceError(`seq ${seq} is not in the log`)
  }
  return segment
}

function decode(path: string, offset: number, payload: Uint8Array): StreamEvent {
  try {
    return decodeStreamEvent(payload)
  } catch (cause) {
    throw new LogCorruptError(path, offset, 'checksum matches but the stream event does not decode', {
      cause,
    })
  }
}
