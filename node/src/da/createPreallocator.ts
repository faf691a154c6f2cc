import type { FileHandle } from 'node:fs/promises'

/**
 * Keeps zeros written and synced ahead of the active segment's last record,
 * so an append overwrites bytes the file already has: its size does not
 * change, and fdatasync flushes the data alone. An append that grows the file
 * makes ext4 commit its journal, which carries every other process's pending
 * metadata too (the indexer's database, builds): measured here, p50 165 µs
 * instead of 275 µs and p99 1.1 ms instead of 2.1 ms beside another process's
 * file churn. Fills run on libuv's thread pool, ahead of need, never in the
 * range being appended to.
 */
export type Preallocator = {
  /** Before writing up to `end`: waits if a fill is zeroing that range; starts the next fill when `end` nears the zeroed end. */
  beforeWrite(end: number): Promise<void> | undefined
  /** Waits for a fill in flight, then cuts the file back to `bytes` (on rotation and close) and syncs it. */
  trim(bytes: number): Promise<void>
}

export function createPreallocator(
  handle: FileHandle,
  options: { written: number; chunkBytes: number; limit: number },
): Preallocator {
  const { chunkBytes, limit } = options
  const zeros = Buffer.alloc(Math.min(chunkBytes, 1 << 20))
  // Invariant: bytes in [written, zeroedEnd) are zeros on disk (synced); `filling` zeroes [fillFrom, …).
  let zeroedEnd = options.written
  let fillFrom = Number.POSITIVE_INFINITY
  let filling: Promise<void> | undefined

  function startFill(from: number) {
    const to = Math.min(limit, from + chunkBytes)
    if (to <= from) return
    fillFrom = from
    filling = (async () => {
      for (let at = from; at < to; ) {
        const { bytesWritten } = await handle.write(zeros, 0, Math.min(zeros.length, to - at), at)
        at += bytesWritten
      }
      await handle.datasync()
      zeroedEnd = to
    })()
      // A failed fill costs only speed: appends past the zeroed end grow the file as before.
      .catch(() => {})
      .finally(() => {
        filling = undefined
        fillFrom = Number.POSITIVE_INFINITY
      })
  }

  function beforeWrite(end: number): Promise<void> | undefined {
    if (filling && end > fillFrom) return filling.then(() => beforeWrite(end))
    if (!filling && end + chunkBytes / 2 > zeroedEnd) startFill(Math.max(zeroedEnd, end))
    return undefined
  }

  return {
    beforeWrite,
    async trim(bytes) {
      await filling
      if (zeroedEnd <= bytes) return
      await handle.truncate(bytes)
      await handle.datasync()
      zeroedEnd = bytes
    },
  }
}
