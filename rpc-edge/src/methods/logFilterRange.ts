import { type BlockSource, ErrorCode, RtevmError } from '@rtevm/protocol'
import type { BlockTag } from '../jsonrpc/index.ts'
import { miniBlockBound } from './miniBlockRange.ts'
import type { LogFilter } from './queryLogs.ts'

/** The mini-blocks a log filter covers, inclusive; empty when `to < from`. */
export type MiniBlockRange = { from: bigint; to: bigint }

/** As eth_getLogs reads a filter: a block hash, or block bounds defaulting to `latest`. */
export function logFilterRange(blocks: BlockSource, filter: LogFilter): MiniBlockRange {
  if (filter.blockHash) {
    const block = blocks.getBlockByHash(filter.blockHash)
    if (!block) throw new RtevmError(ErrorCode.NotFound, 'unknown block')
    const to = block.miniBlockCount === 0 ? -1n : block.firstMiniBlock + BigInt(block.miniBlockCount - 1)
    return { from: block.firstMiniBlock, to }
  }
  const latest: BlockTag = { kind: 'named', tag: 'latest' }
  return {
    from: miniBlockBound(blocks, filter.fromBlock ?? latest, 'from'),
    to: miniBlockBound(blocks, filter.toBlock ?? latest, 'to'),
  }
}
