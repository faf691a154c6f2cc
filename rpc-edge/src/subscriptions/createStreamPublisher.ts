import type { Block, BlockSource, MiniBlock, Rewound, StreamEvent } from '@rtevm/protocol'
import { matchesLog } from '@rtevm/protocol/logs'
import { addressHex, dataHex, formatBlock, formatLog, quantityHex } from '../format/index.ts'
import { logsOfMiniBlock, logsOfRewound } from '../methods/index.ts'
import type { SubscriptionRegistry } from './createSubscriptionRegistry.ts'
import { logMatchOf } from './logMatchOf.ts'
import type { LogsFilter, MiniBlockDetail } from './SubscriptionKind.ts'

/** Turns the sequencer's stream into `eth_subscribe` notifications. */
export type StreamPublisher = {
  /** `removed`: what a `rewind` event abandoned, as the replica had it. */
  publish(event: StreamEvent, removed?: Rewound): void
}

// A mini-block's EVM block is still open: no hash until it seals.
const OPEN_BLOCK_HASH = new Uint8Array(32)

/**
 * Publishes each stream event to the kinds that want it, formatting each
 * payload once per channel (the registry serializes it once per slot):
 * mini-blocks → `miniBlocks`, `newPendingTransactions`, `stateChanges` and
 * `logs` filters with a `"pending"` bound; sealed blocks → `newHeads` and the
 * other `logs` filters. Reads log positions from `blocks` (the replica).
 */
export function createStreamPublisher(deps: {
  registry: SubscriptionRegistry
  blocks: BlockSource
}): StreamPublisher {
  const { registry, blocks } = deps

  function onMiniBlock(mb: MiniBlock): void {
    const hashes = mb.transactions.map((tx) => dataHex(tx.hash))
    for (const channel of registry.channels('miniBlocks')) {
      registry.publish(channel, formatMiniBlock(mb, hashes, channel.filter as MiniBlockDetail))
    }
    if (registry.channels('newPendingTransactions').length > 0) {
      for (const hash of hashes) registry.publishKind('newPendingTransactions', hash)
    }
    if (registry.channels('stateChanges').length > 0)
      registry.publishKind('stateChanges', formatStateChanges(mb))
    const pending = registry.channels('logs').filter((c) => isPending(c.filter as LogsFilter))
    if (pending.length === 0) return
    const logs = logsOfMiniBlock(mb, blocks)
    for (const channel of pending) {
      for (const log of logs) {
        if (matchesLog(log, logMatchOf(channel.filter as LogsFilter)))
          registry.publish(channel, formatLog(log, OPEN_BLOCK_HASH))
      }
    }
  }

  function onBlock(block: Block): void {
    if (registry.channels('newHeads').length > 0) registry.publishKind('newHeads', formatHead(block))
    const sealed = registry.channels('logs').filter((c) => !isPending(c.filter as LogsFilter))
    if (sealed.length === 0 || block.miniBlockCount === 0) return
    const logs = blocks.getLogs({
      fromMiniBlock: block.firstMiniBlock,
      toMiniBlock: block.firstMiniBlock + BigInt(block.miniBlockCount - 1),
      limit: Number.MAX_SAFE_INTEGER,
    })
    for (const channel of sealed) {
      for (const log of logs) {
        if (matchesLog(log, logMatchOf(channel.filter as LogsFilter)))
          registry.publish(channel, formatLog(log, block.hash))
      }
    }
  }

  /**
   * A rewind's abandoned logs go out again with `removed: true` (as after a reorg): to `pending`
   * filters every abandoned mini-block's, to the others those of abandoned sealed blocks.
   */
  function onRewind(rewound: Rewound): void {
    const channels = registry.channels('logs')
    if (channels.length === 0) return
    for (const { logs, blockHash } of logsOfRewound(rewound)) {
      for (const channel of channels) {
        const filter = channel.filter as LogsFilter
        if (!isPending(filter) && !blockHash) continue
        for (const log of logs) {
          if (matchesLog(log, logMatchOf(filter)))
            registry.publish(channel, formatLog(log, blockHash ?? OPEN_BLOCK_HASH, true))
        }
      }
    }
  }

  return {
    publish(event, removed) {
      if (event.kind === 'miniBlock') onMiniBlock(event.miniBlock)
      else if (event.kind === 'block') onBlock(event.block)
      else if (event.kind === 'rewind' && removed) onRewind(removed)
    },
  }
}

function isPending(filter: LogsFilter): boolean {
  return filter.fromBlock === 'pending' || filter.toBlock === 'pending'
}

/** A header as `newHeads` sends it: the block without transactions, uncles or size. */
function formatHead(block: Block): Record<string, unknown> {
  const { transactions: _t, uncles: _u, size: _s, withdrawals: _w, ...head } = formatBlock(block, [], [])
  return head
}

/** rtevm's `miniBlocks` payload at a detail level. `timestamp` is in microseconds. */
function formatMiniBlock(mb: MiniBlock, hashes: string[], detail: MiniBlockDetail) {
  const header = {
    number: quantityHex(mb.number),
    blockNumber: quantityHex(mb.blockNumber),
    indexInBlock: quantityHex(mb.indexInBlock),
    firstTransactionIndex: quantityHex(mb.firstTxIndex),
    timestamp: quantityHex(mb.timestampUs),
    gasUsed: quantityHex(mb.gasUsed),
    transactionCount: quantityHex(mb.transactions.length),
  }
  if (detail === 'header') return header
  if (detail === 'hashes') return { ...header, transactions: hashes }
  return {
    ...header,
    transactions: hashes,
    receipts: mb.receipts.map((r, i) => ({
      transactionHash: hashes[i],
      from: addressHex(mb.transactions[i].from),
      status: quantityHex(r.status),
      gasUsed: quantityHex(r.gasUsed),
      contractAddress: r.contractAddress ? addressHex(r.contractAddress) : null,
      logCount: quantityHex(r.logs.length),
    })),
  }
}

/** rtevm's `stateChanges` payload: the mini-block's diff in hex. */
function formatStateChanges(mb: MiniBlock) {
  return {
    miniBlock: quantityHex(mb.number),
    accounts: mb.stateDiff.accounts.map((a) => ({
      address: addressHex(a.address),
      deleted: a.deleted,
      storageCleared: a.storageCleared,
      nonce: quantityHex(a.nonce),
      balance: quantityHex(a.balance),
      codeHash: dataHex(a.codeHash),
      ...(a.code ? { code: dataHex(a.code) } : {}),
      storage: a.storage.map((s) => ({ slot: dataHex(s.slot), value: quantityHex(s.value) })),
    })),
  }
}
