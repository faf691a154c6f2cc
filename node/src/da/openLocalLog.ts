import { fdatasyncSync, writeSync } from 'node:fs'
import { type FileHandle, mkdir, open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type DataAvailability, encodeStreamEvent, type StreamEvent } from '@rtevm/protocol'
import { createPreallocator } from './createPreallocator.ts'
import { LogClosedError, LogSequenceError, LogWriteError } from './errors.ts'
import { type EncodedRecord, readEncodedSegments, readSegments } from './readSegments.ts'
import { type SegmentInfo, scanSegments } from './scanSegments.ts'
import { frameRecord, recordSeq, SEGMENT_HEADER, segmentName } from './segmentFormat.ts'

export type LocalLogOptions = {
  dir: string
  /** A segment is closed and the next one started before it would pass this size (a single larger record gets a segment of its own). Default 64 MiB. */
  segmentBytes?: number
  /**
   * How long the first append of a batch waits for others before the write,
   * in microseconds (timer resolution is 1 ms). Default 0: a batch is whatever
   * arrived in the same tick or while the previous fsync ran.
   */
  groupCommitUs?: number
  /** Most appends written by one write + fdatasync. Default 4096. */
  maxBatch?: number
  /**
   * A batch is written and fdatasynced on the calling thread while the
   * recent fdatasyncs took less than this (milliseconds), else on libuv's
   * thread pool. Inline costs the event loop that long but saves the two
   * thread-pool round trips of an async write + fdatasync (each a wake-up of
   * a pool thread and then of the loop): on a 2-core machine those hops, not
   * the disk, are most of a lone transaction's durability wait. Default 4:
   * beside other processes' I/O this disk's fdatasync has a tail of several
   * ms, and at 1 a single slow one flipped the log onto the pool, whose hops
   * on a busy 2-core machine then cost more than the syncs. 0 never blocks.
   */
  inlineSyncBelowMs?: number
  /** Zeros kept written ahead of the last record (see createPreallocator); 0 turns it off. Default 4 MiB. */
  preallocateBytes?: number
}

/** The local segmented log: a `DataAvailability` plus what only a local log can do. */
export type LocalLog = DataAvailability & {
  /** Bytes cut from a torn tail when the log was opened (0 after a clean shutdown). */
  readonly truncatedBytes: number
  /**
   * Deletes whole segments whose events all precede `seq` (say, the seq of the
   * oldest snapshot kept); the newest segment always stays. Returns how many went.
   */
  pruneBefore(seq: bigint): Promise<number>
  /** Appends made durable and the write + fdatasync batches that carried them, since open. */
  stats(): { appends: number; batches: number; segments: number }
  /** As `readFrom`, not decoded: each event's seq, kind and encoding (its record's payload). */
  readEncodedFrom(fromSeq: bigint): AsyncIterable<EncodedRecord>
}

type Pending = { seq: bigint; frame: Buffer; resolve: () => void; reject: (error: unknown) => void }

/**
 * Opens (creating if needed) the append-only log in `dir`, recovering it
 * first: every record is verified, a torn tail is cut, mid-log damage throws
 * LogCorruptError. Appends are group-committed: one write and one fdatasync
 * per batch, and each append's promise resolves only after the fdatasync
 * covering it returned.
 */
export async function openLocalLog(options: LocalLogOptions): Promise<LocalLog> {
  const { dir } = options
  const segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024
  const groupCommitMs = (options.groupCommitUs ?? 0) / 1000
  const maxBatch = options.maxBatch ?? 4096
  const inlineSyncBelowMs = options.inlineSyncBelowMs ?? 4
  const preallocateBytes = Math.min(options.preallocateBytes ?? 4 * 1024 * 1024, segmentBytes)
  // Moving average of fdatasync durations; starts optimistic, a slow disk moves it within a few batches.
  let syncMs = 0
  await mkdir(dir, { recursive: true })
  const scan = await scanSegments(dir)

  // Invariant: `segments` describes only durable bytes and seqs; the last one is `active`'s file.
  const segments: SegmentInfo[] = scan.segments
  let active: FileHandle | undefined =
    segments.length > 0 ? await open(segments.at(-1)!.path, 'r+') : undefined
  let preallocator = active && preallocatorFor(active, segments.at(-1)!.bytes)
  let durableSeq = segments.at(-1)?.lastSeq ?? 0n
  // Seq of the newest accepted append, durable or not; undefined before the first segment exists.
  let appendedSeq = segments.at(-1)?.lastSeq
  const queue: Pending[] = []
  let scheduled = false
  let flushing = false
  let stopped: LogClosedError | undefined
  let idleWaiters: (() => void)[] = []
  let durableAppends = 0
  let batches = 0

  function schedule() {
    if (scheduled || flushing) return
    scheduled = true
    if (groupCommitMs > 0) setTimeout(flush, groupCommitMs)
    else setImmediate(flush)
  }

  async function flush() {
    scheduled = false
    flushing = true
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch)
      try {
        await writeBatch(batch)
      } catch (cause) {
        fail(batch, cause)
      }
    }
    flushing = false
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  // Writes a batch as one write + fdatasync per segment it spans (one, unless it crosses a rotation).
  async function writeBatch(batch: Pending[]) {
    for (let start = 0; start < batch.length; ) {
      let segment = segments.at(-1)
      const first = batch[start]
      let created = false
      const segmentFull =
        segment !== undefined &&
        segment.lastSeq >= segment.firstSeq &&
        segment.bytes + first.frame.length > segmentBytes
      if (!active || !segment || segmentFull) {
        segment = await startSegment(first.seq)
        created = true
      }
      let end = start + 1
      let size = first.frame.length
      while (end < batch.length && segment.bytes + size + batch[end].frame.length <= segmentBytes) {
        size += batch[end].frame.length
        end++
      }
      const part = batch.slice(start, end)
      await writeToSegment(segment, part, created)
      for (const pending of part) pending.resolve()
      start = end
    }
  }

  async function writeToSegment(segment: SegmentInfo, part: Pending[], created: boolean) {
    const bytes = Buffer.concat(part.map((pending) => pending.frame))
    try {
      const fill = preallocator?.beforeWrite(segment.bytes + bytes.length)
      if (fill) await fill
      let written = 0
      if (syncMs < inlineSyncBelowMs) {
        const fd = active!.fd
        while (written < bytes.length) {
          written += writeSync(fd, bytes, written, bytes.length - written, segment.bytes + written)
        }
        const started = performance.now()
        fdatasyncSync(fd)
        syncMs = 0.8 * syncMs + 0.2 * (performance.now() - started)
      } else {
        while (written < bytes.length) {
          const result = await active!.write(bytes, written, bytes.length - written, segment.bytes + written)
          written += result.bytesWritten
        }
        const started = performance.now()
        await active!.datasync()
        // Includes the hops back to the loop: a fast disk still returns to inline syncs.
        syncMs = 0.8 * syncMs + 0.2 * (performance.now() - started)
      }
      // A new file's directory entry must be durable too, or the whole segment can vanish.
      if (created) await syncDir()
    } catch (cause) {
      throw new LogWriteError(segment.path, cause)
    }
    segment.bytes += bytes.length
    segment.lastSeq = part.at(-1)!.seq
    durableSeq = segment.lastSeq
    durableAppends += part.length
    batches++
  }

  async function startSegment(firstSeq: bigint): Promise<SegmentInfo> {
    const path = join(dir, segmentName(firstSeq))
    try {
      // Only the newest segment may end in zeros: recovery reads those as a torn tail.
      await preallocator?.trim(segments.at(-1)!.bytes)
      await active?.close()
      active = await open(path, 'wx')
      await active.write(SEGMENT_HEADER, 0, SEGMENT_HEADER.length, 0)
      preallocator = preallocatorFor(active, SEGMENT_HEADER.length)
    } catch (cause) {
      throw new LogWriteError(path, cause)
    }
    const segment = { path, firstSeq, lastSeq: firstSeq - 1n, bytes: SEGMENT_HEADER.length }
    segments.push(segment)
    return segment
  }

  function preallocatorFor(handle: FileHandle, written: number) {
    if (preallocateBytes <= 0) return undefined
    return createPreallocator(handle, { written, chunkBytes: preallocateBytes, limit: segmentBytes })
  }

  async function syncDir() {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  }

  // Rejects what was not yet resolved (a batch spanning segments may have resolved its first part).
  function fail(batch: Pending[], cause: unknown) {
    const error = cause instanceof LogWriteError ? cause : new LogWriteError(dir, cause)
    stopped = new LogClosedError('an earlier write failed', { cause: error })
    for (const pending of batch) if (pending.seq > durableSeq) pending.reject(error)
    for (const pending of queue.splice(0)) pending.reject(stopped)
  }

  function whenIdle(): Promise<void> {
    if (!scheduled && !flushing && queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => idleWaiters.push(resolve))
  }

  return {
    truncatedBytes: scan.truncatedBytes,
    async append(event: StreamEvent, encoded?: Uint8Array): Promise<void> {
      if (stopped) throw stopped
      if (appendedSeq !== undefined && event.seq !== appendedSeq + 1n) {
        throw new LogSequenceError(`append of seq ${event.seq}, but the log's last seq is ${appendedSeq}`)
      }
      if (encoded && recordSeq(encoded) !== event.seq) {
        throw new LogSequenceError(`encoded event does not carry seq ${event.seq}`)
      }
      const frame = frameRecord(encoded ?? encodeStreamEvent(event))
      appendedSeq = event.seq
      return new Promise((resolve, reject) => {
        queue.push({ seq: event.seq, frame, resolve, reject })
        schedule()
      })
    },
    readFrom: (fromSeq) => readSegments({ segments: () => segments, lastSeq: () => durableSeq }, fromSeq),
    readEncodedFrom: (fromSeq) =>
      readEncodedSegments({ segments: () => segments, lastSeq: () => durableSeq }, fromSeq),
    lastSeq: () => durableSeq,
    firstSeq: () => segments[0]?.firstSeq ?? durableSeq + 1n,
    async pruneBefore(seq) {
      let removed = 0
      while (segments.length > 1 && segments[0].lastSeq < seq) {
        await rm(segments[0].path)
        segments.shift()
        removed++
      }
      if (removed > 0) await syncDir()
      return removed
    },
    stats: () => ({ appends: durableAppends, batches, segments: segments.length }),
    async close() {
      stopped ??= new LogClosedError('closed by its owner')
      await whenIdle()
      // A clean shutdown leaves no zeros behind the last record.
      await preallocator?.trim(segments.at(-1)?.bytes ?? 0).catch(() => {})
      await active?.close()
      active = undefined
    },
  }
}
