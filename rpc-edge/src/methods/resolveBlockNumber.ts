import type { ChainHead } from '@rtevm/protocol'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import type { BlockTag } from '../jsonrpc/index.ts'

/**
 * The sealed EVM block a tag names. `latest`/`pending` give the newest sealed
 * block: the open block (the newest mini-blocks) has no header until it seals.
 */
export function resolveBlockNumber(tag: BlockTag, head: ChainHead): bigint | undefined {
  if (tag.kind === 'number') return tag.number
  if (tag.kind === 'hash') return undefined
  switch (tag.tag) {
    case 'latest':
    case 'pending':
      return head.block
    case 'safe':
      return head.safe
    case 'finalized':
      return head.finalized
    case 'earliest':
      return 0n
  }
}

/**
 * State reads come from the replica's newest state only. `latest`/`pending`
 * (the newest mini-block, per DESIGN.md) are answered; any other selector is
 * refused with a clear message rather than answered with the wrong state.
 */
export function requireNewestState(tag: BlockTag | undefined, head: ChainHead): void {
  if (tag === undefined) return
  if (tag.kind === 'named' && (tag.tag === 'latest' || tag.tag === 'pending')) return
  // A number at or past the open block is the newest state too (clients echo eth_blockNumber + 1).
  if (tag.kind === 'number' && tag.number > head.block) return
  throw new RtevmError(ErrorCode.NotFound, 'historical state is not available', {
    details: 'this edge serves the newest state only; use "latest" or "pending"',
  })
}
