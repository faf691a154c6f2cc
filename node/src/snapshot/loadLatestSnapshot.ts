import { readFile } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { createRamState, type RamState } from '../state/index.ts'
import { SnapshotCorruptError } from './errors.ts'
import { listSnapshots } from './snapshotFiles.ts'
import { CHECKSUM_BYTES, decodeSnapshot, type SnapshotHead } from './snapshotFormat.ts'

export type LoadedSnapshot = {
  head: SnapshotHead
  /**
   * The snapshot's state. Its diff window holds everything loaded, so its
   * first `takeDiff()` is the whole state: feed that to a fresh
   * StateCommitment, as the sequencer does with its genesis state.
   */
  state: RamState
  path: string
  /** Newer snapshots that were corrupt and passed over, each with why. */
  skipped: SnapshotCorruptError[]
}

/**
 * Loads the newest snapshot in `dir` whose checksum and contents verify,
 * falling back to older ones. Resolves undefined when `dir` holds no snapshot
 * at all (a fresh start); throws the newest SnapshotCorruptError when there
 * are snapshots but none is usable.
 */
export async function loadLatestSnapshot(dir: string): Promise<LoadedSnapshot | undefined> {
  const skipped: SnapshotCorruptError[] = []
  for (const { path } of await listSnapshots(dir)) {
    try {
      return { ...(await loadSnapshot(path)), path, skipped }
    } catch (error) {
      if (!(error instanceof SnapshotCorruptError)) throw error
      skipped.push(error)
    }
  }
  if (skipped.length > 0) throw skipped[0]
  return undefined
}

async function loadSnapshot(path: string): Promise<{ head: SnapshotHead; state: RamState }> {
  const bytes = await readFile(path)
  if (bytes.length < CHECKSUM_BYTES) throw new SnapshotCorruptError(path, 'shorter than its checksum')
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES)
  if (crc32(body) !== bytes.readUInt32LE(body.length)) {
    throw new SnapshotCorruptError(path, 'checksum mismatch')
  }
  const state = createRamState()
  try {
    const head = decodeSnapshot(body, {
      account: (address, account) => state.putAccount(address, account),
      slot: (address, slot, value) => state.putStorage(address, slot, value),
      code: (codeHash, code) => state.putCode(codeHash, code),
    })
    return { head, state }
  } catch (cause) {
    throw new SnapshotCorruptError(path, 'checksum matches but the contents do not decode', { cause })
  }
}
