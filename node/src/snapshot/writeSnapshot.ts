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
}

export type WrittenSnapshot = {
  path: string
  bytes: number
  /** How long the event loop was held copying the state (the consistent view). */
  captureMs: number
  /** The longest single stretch the event loop was held encoding one chunk. */
  longestChunkMs: number
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
  await rename(partial, path)
  await syncDir(dir)
  await pruneSnapshots(dir, options.keep ?? 3)
  return { path, bytes, captureMs, longestChunkMs }
}

async function pruneSnapshots(dir: string, keep: number): Promise<void> {
  const old = (await listSnapshots(dir)).slice(Math.max(1, keep))
  for (const { path } of old) await rm(path, { force: true })
  if (old.length > 0) await syncDir(dir)
}
