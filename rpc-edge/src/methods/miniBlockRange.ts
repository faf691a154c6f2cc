import type { BlockSource } from '@rtevm/protocol'
import type { BlockTag } from '../jsonrpc/index.ts'

/**
 * The first mini-block belonging to EVM block `number` or a later one: a
 * binary search over mini-block numbers, whose `blockNumber` never decreases
 * (pruned mini-blocks are older, so they count as "before").
 */
export function firstMiniBlockOf(blocks: BlockSource, number: bigint): bigint {
  let lo = 1n
  let hi = blocks.head().miniBlock + 1n
  while (lo < hi) {
    const mid = (lo + hi) / 2n
    const mb = blocks.getMiniBlock(mid)
    if (mb !== undefined && mb.blockNumber >= number) hi = mid
    else lo = mid + 1n
  }
  return lo
}

/**
 * An EVM block tag as a mini-block bound. `latest`/`pending` are the newest
 * mini-block (realtime semantics); a number covers that block's mini-blocks,
 * the still-open block included.
 */
export function miniBlockBound(blocks: BlockSource, tag: BlockTag, side: 'from' | 'to'): bigint {
  const head = blocks.head()
  let number: bigint
  if (tag.kind === 'number') number = tag.number
  else if (tag.kind === 'hash') number = blocks.getBlockByHash(tag.hash)?.header.number ?? head.block + 1n
  else if (tag.tag === 'latest' || tag.tag === 'pending') return head.miniBlock
  else if (tag.tag === 'earliest') number = 0n
  else number = tag.tag === 'safe' ? head.safe : head.finalized
  return side === 'from' ? firstMiniBlockOf(blocks, number) : firstMiniBlockOf(blocks, number + 1n) - 1n
}
