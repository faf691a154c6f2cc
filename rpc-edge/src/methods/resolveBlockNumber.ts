import type { BlockSource, ChainHead, StateHistoryReader, StateReader } from '@rtevm/protocol'
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
 * The sealed block whose end state a tag selects, or `undefined` for the
 * newest state. `latest`/`pending` are the newest mini-block's state (per
 * DESIGN.md), as is a number past the newest sealed block (clients echo
 * eth_blockNumber + 1); a sealed block's number or hash, `safe`,
 * `finalized` and `earliest` name that block's end state.
 */
export function stateBlockOf(tag: BlockTag | undefined, blocks: BlockSource): bigint | undefined {
  if (tag === undefined) return undefined
  const head = blocks.head()
  if (tag.kind === 'hash') {
    const block = blocks.getBlockByHash(tag.hash)
    if (!block)
      throw new RtevmError(ErrorCode.NotFound, `block 0x${Buffer.from(tag.hash).toString('hex')} not found`)
    return block.header.number
  }
  if (tag.kind === 'named' && (tag.tag === 'latest' || tag.tag === 'pending')) return undefined
  const number = resolveBlockNumber(tag, head)
  return number === undefined || number > head.block ? undefined : number
}

/** The state a tag selects: the newest, or a sealed block's from the history window (NOT_FOUND beyond it). */
export function stateOf(
  tag: BlockTag | undefined,
  blocks: BlockSource,
  state: StateReader & StateHistoryReader,
): StateReader {
  const blockNumber = stateBlockOf(tag, blocks)
  return blockNumber === undefined ? state : state.stateAt(blockNumber)
}
