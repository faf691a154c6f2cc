import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { RamState } from '../state/index.ts'
import { captureState } from './captureState.ts'
import { listSnapshots, PARTIAL_SUFFIX, removePartials, snapshotName, syncDir } from './snapshotFiles.ts'
import { CHECKSUM_BYTES, encodeEntries, encodeHead, type SnapshotHead } from './snapshotFormat.ts'

export type WriteSnapshotOptions = {
  /** Snapshots kept after this one is written, newest first; older ones are deleted. Default 3. */
  keep?: number
  /** Bytes encoded between two yields to the event loop. Default 256 KiB. */
  chunkBytes?: number
  /**
   * Resolves once event `head.seq` is durable in the log (the promise its
   * append returned). The state is captured at the call, but the file is not
   * renamed into place before this, so no snapshot ever runs ahead of the log.
   */
  durable?: Promise<void>
}

export type WrittenSnapshot = {
  path: string
  bytes: number
  /** How long the event loop was held copying the state (the consistent view). */
  captureMs: number
  /** The longest single stretch the event loop was held encoding one chunk. */
  longestChunkMs: number
  /**
   * Seq of the oldest snapshot still kept. The log may be pruned before
   * `oldestKeptSeq + 1`: every kept snapshot can still be replayed from it.
   */
  oldestKeptSeq: bigint
}

/**
 * Writes `state` as of now, with `head`, to `dir`: the state's containers
 * are copied synchronously (see captureState), then encoded and written in
 * chunks with a yield to the event loop between them, so the state may keep
 * changing meanwhile. Crash-safe: written to a `.partial` file, fsynced,
 * renamed into place, and the directory fsynced. One writer per `dir` at a time.
 */
export async function writeSnapshot(
  dir: string,
  head: SnapshotHead,
  state: RamState,
  options: WriteSnapshotOptions = {},
): Promise<WrittenSnapshot> {
  // Its rejection is handled below, after the write; until then it must not count as unhandled.
  options.durable?.catch(() => {})
  const started = performance.now()
  const capture = captureState(state)
  const captureMs = performance.now() - started
  await mkdir(dir, { recursive: true })
  await removePartials(dir)
  const path = join(dir, snapshotName(head.seq))
  const partial = `${path}${PARTIAL_SUFFIX}`
  const handle = await open(partial, 'w')
  let bytes = 0
  let checksum = 0
  let longestChunkMs = 0
  try {
    const write = async (chunk: Uint8Array) => {
      checksum = crc32(chunk, checksum)
      bytes += chunk.length
      await handle.write(chunk)
    }
    await write(encodeHead(head))
    const chunks = encodeEntries(capture, options.chunkBytes ?? 1 << 18)
    for (;;) {
      const chunkStarted = performance.now()
      const next = chunks.next()
      const chunkMs = performance.now() - chunkStarted
      if (chunkMs > longestChunkMs) longestChunkMs = chunkMs
      if (next.done) break
      await write(next.value)
    }
    const trailer = Buffer.alloc(CHECKSUM_BYTES)
    trailer.writeUInt32LE(checksum)
    await handle.write(trailer)
    bytes += CHECKSUM_BYTES
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(partial, { force: true })
    throw error
  }
  await handle.close()
  try {
    await options.durable
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
  await rename(partial, path)
  await syncDir(dir)
  const oldestKeptSeq = await pruneSnapshots(dir, options.keep ?? 3)
  return { path, bytes, captureMs, longestChunkMs, oldestKeptSeq }
}

/** Deletes all but the newest `keep` snapshots; returns the seq of the oldest one left. */
async function pruneSnapshots(dir: string, keep: number): Promise<bigint> {
  const snapshots = await listSnapshots(dir)
  const kept = snapshots.slice(0, Math.max(1, keep))
  const old = snapshots.slice(kept.length)
  for (const { path } of old) await rm(path, { force: true })
  if (old.length > 0) await syncDir(dir)
  return kept.at(-1)!.seq
}
