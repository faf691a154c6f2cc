import type { Block, BlockSource, LogRecord, MiniBlock } from '@rtevm/protocol'
import { matchesLog } from '@rtevm/protocol/logs'
import { dataHex, formatBlock, formatLog } from '../format/index.ts'
import { logsOfMiniBlock } from '../methods/index.ts'
import { formatMiniBlock, OPEN_BLOCK_HASH } from './formatMiniBlock.ts'
import { formatStateChanges } from './formatStateChanges.ts'
import { logMatchOf } from './logMatchOf.ts'
import type { MiniBlockDetail } from './miniBlocksKind.ts'
import type { LogsFilter } from './SubscriptionKind.ts'
import type { StateChangesFilter } from './stateChangesKind.ts'

/** Kinds whose notifications come from mini-blocks (`logs` only with a `"pending"` bound). */
export const MINI_BLOCK_KINDS = ['miniBlocks', 'fragments', 'newPendingTransactions', 'stateChanges'] as const

/** Whether a channel of `kind` with `filter` is fed by mini-blocks (else by sealed blocks, or neither). */
export function fedByMiniBlocks(kind: string, filter: unknown): boolean {
  if (kind === 'logs') return isPending(filter as LogsFilter)
  return (MINI_BLOCK_KINDS as readonly string[]).includes(kind)
}

/** Whether a channel is fed by sealed blocks: `newHeads` and `logs` without a `"pending"` bound. */
export function fedByBlocks(kind: string, filter: unknown): boolean {
  return kind === 'newHeads' || (kind === 'logs' && !isPending(filter as LogsFilter))
}

export function isPending(filter: LogsFilter): boolean {
  return filter.fromBlock === 'pending' || filter.toBlock === 'pending'
}

/**
 * One mini-block seen by many channels: its hashes and logs are worked out
 * once, on first use, whichever channel asks first.
 */
export type MiniBlockView = {
  readonly miniBlock: MiniBlock
  hashes(): `0x${string}`[]
  logs(): LogRecord[]
}

export function miniBlockView(miniBlock: MiniBlock, blocks: BlockSource): MiniBlockView {
  let hashes: `0x${string}`[] | undefined
  let logs: LogRecord[] | undefined
  return {
    miniBlock,
    hashes: () => (hashes ??= miniBlock.transactions.map((tx) => dataHex(tx.hash))),
    logs: () => (logs ??= logsOfMiniBlock(miniBlock, blocks)),
  }
}

/** The notifications a mini-block-fed channel gets for one mini-block, in order. */
export function miniBlockNotifications(
  kind: string,
  filter: unknown,
  view: MiniBlockView,
  blocks: BlockSource,
): unknown[] {
  const mb = view.miniBlock
  switch (kind) {
    case 'miniBlocks':
    case 'fragments':
      return [formatMiniBlock(mb, view.hashes(), filter as MiniBlockDetail, blocks)]
    case 'newPendingTransactions':
      return view.hashes()
    case 'stateChanges':
      return formatStateChanges(mb, filter as StateChangesFilter)
    case 'logs': {
      // A pending log's block is open when it goes out live; replayed later, its block may be sealed.
      const blockHash = blocks.getBlockByNumber(mb.blockNumber)?.hash ?? OPEN_BLOCK_HASH
      const match = logMatchOf(filter as LogsFilter)
      return view.logs().flatMap((log) => (matchesLog(log, match) ? [formatLog(log, blockHash)] : []))
    }
    default:
      return []
  }
}

/** The notifications a block-fed channel gets for one sealed block, in order. */
export function blockNotifications(
  kind: string,
  filter: unknown,
  block: Block,
  blockLogs: () => LogRecord[],
): unknown[] {
  if (kind === 'newHeads') return [formatHead(block)]
  if (kind !== 'logs') return []
  const match = logMatchOf(filter as LogsFilter)
  return blockLogs().flatMap((log) => (matchesLog(log, match) ? [formatLog(log, block.hash)] : []))
}

/** A sealed block's logs, read from the replica (empty for a block without mini-blocks). */
export function logsOfBlock(block: Block, blocks: BlockSource): LogRecord[] {
  if (block.miniBlockCount === 0) return []
  return blocks.getLogs({
    fromMiniBlock: block.firstMiniBlock,
    toMiniBlock: block.firstMiniBlock + BigInt(block.miniBlockCount - 1),
    limit: Number.MAX_SAFE_INTEGER,
  })
}

/** A header as `newHeads` sends it: the block without transactions, uncles or size. */
function formatHead(block: Block): Record<string, unknown> {
  const { transactions: _t, uncles: _u, size: _s, withdrawals: _w, ...head } = formatBlock(block, [], [])
  return head
}
