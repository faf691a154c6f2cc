import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Block, decodeBlock, ErrorCode, encodeBlock, RtevmError } from '@rtevm/protocol'
import type { LocalLog } from '../da/index.ts'

const FILE = 'genesis.block'

/**
 * Block 0, which the sequencer serves inside its genesis. A fresh chain has
 * just made it (and keeps it beside the DA log, since the log's first segment
 * may be pruned one day); a restarted one reads it back, from that file or
 * else from the log's first event.
 */
export async function genesisBlock(options: {
  dataDir: string | undefined
  /** Block 0 of a fresh chain; absent on a restart. */
  fresh: Block | undefined
  log: LocalLog | undefined
}): Promise<Block> {
  const path = options.dataDir === undefined ? undefined : join(options.dataDir, FILE)
  if (options.fresh) {
    if (path) {
      await writeFile(`${path}.partial`, encodeBlock(options.fresh))
      await rename(`${path}.partial`, path)
    }
    return options.fresh
  }
  if (path) {
    const stored = await readFile(path).catch(() => undefined)
    if (stored) return decodeBlock(stored)
  }
  if (options.log && options.log.firstSeq() === 1n) {
    for await (const event of options.log.readFrom(1n)) {
      if (event.kind === 'block' && event.block.header.number === 0n) {
        if (path) await writeFile(path, encodeBlock(event.block))
        return event.block
      }
      break
    }
  }
  throw new RtevmError(ErrorCode.Internal, 'block 0 is neither in the data directory nor in the DA log', {
    details: `expected ${path ?? 'a data directory'}`,
  })
}
