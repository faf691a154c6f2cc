import { open, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

const SNAPSHOT_NAME = /^snapshot-(\d{20})\.snap$/
/** Suffix of a snapshot being written; such a file is never loaded, and removed by the next write. */
export const PARTIAL_SUFFIX = '.partial'

/** A snapshot is named by its seq, zero-padded so names sort like seqs. */
export function snapshotName(seq: bigint): string {
  return `snapshot-${seq.toString().padStart(20, '0')}.snap`
}

/** Snapshot files in `dir`, newest (highest seq) first; none when `dir` does not exist. */
export async function listSnapshots(dir: string): Promise<{ path: string; seq: bigint }[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return names
    .flatMap((name) => {
      const match = SNAPSHOT_NAME.exec(name)
      return match ? [{ path: join(dir, name), seq: BigInt(match[1]) }] : []
    })
    .sort((a, b) => (a.seq > b.seq ? -1 : a.seq < b.seq ? 1 : 0))
}

/** Leftovers of writes a crash interrupted. */
export async function removePartials(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.endsWith(PARTIAL_SUFFIX)) await rm(join(dir, name), { force: true })
  }
}

/** Makes renames and unlinks in `dir` durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
