import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Block witnesses on disk beside the DA log (one file per block, the newest
 * `retain` kept, each fsynced), so verifiers can still fetch them after a
 * restart. Written in the background, a few milliseconds after its block
 * seals: a witness is not on a receipt's path, and a crash inside that window
 * loses it (that block then cannot be verified, and finality stops there).
 */
export type WitnessFiles = {
  put(blockNumber: bigint, encoded: Uint8Array): void
  get(blockNumber: bigint): Promise<Uint8Array | undefined>
  /** Waits for pending writes; the last failure, if any, for stats. */
  flush(): Promise<void>
  lastError(): unknown
}

export function createWitnessFiles(dir: string, retain: number): WitnessFiles {
  const name = (blockNumber: bigint) => join(dir, `${blockNumber.toString().padStart(20, '0')}.wit`)
  let writes: Promise<void> = mkdir(dir, { recursive: true }).then(() => {})
  let failure: unknown
  return {
    put(blockNumber, encoded) {
      writes = writes
        .then(async () => {
          const file = await open(name(blockNumber), 'w')
          try {
            await file.writeFile(encoded)
            await file.sync()
          } finally {
            await file.close()
          }
          if (blockNumber >= BigInt(retain)) await rm(name(blockNumber - BigInt(retain)), { force: true })
        })
        .catch((error: unknown) => {
          failure = error
        })
    },
    async get(blockNumber) {
      try {
        return new Uint8Array(await readFile(name(blockNumber)))
      } catch {
        return undefined
      }
    },
    flush: () => writes,
    lastError: () => failure,
  }
}
