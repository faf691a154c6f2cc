import {
  type Block,
  type BlockSource,
  type MiniBlock,
  type Rewound,
  type StreamEvent,
  wallClockMs,
} from '@rtevm/protocol'
import { matchesLog } from '@rtevm/protocol/logs'
import { formatLog } from '../format/index.ts'
import { logsOfRewound } from '../methods/index.ts'
import type { SubscriptionRegistry } from './createSubscriptionRegistry.ts'
import { OPEN_BLOCK_HASH } from './formatMiniBlock.ts'
import { logMatchOf } from './logMatchOf.ts'
import type { LogsFilter } from './SubscriptionKind.ts'
import {
  blockNotifications,
  isPending,
  logsOfBlock,
  MINI_BLOCK_KINDS,
  miniBlockNotifications,
  miniBlockView,
} from './streamNotifications.ts'

/** Past this lag behind the sequencer's seal, the edge gathers a turn's mini-block notifications. */
export const GATHER_BEHIND_MS = 10

/** Turns the sequencer's stream into `eth_subscribe` notifications. */
export type StreamPublisher = {
  /** `removed`: what a `rewind` event abandoned, as the replica had it. */
  publish(event: StreamEvent, removed?: Rewound): void
}

/**
 * Publishes each stream event to the kinds that want it, formatting and
 * encoding each mini-block's payload once per kind and filter (whatever the
 * subscribers' `coalesceMs`; `fragments` shares `miniBlocks`' encoding), then
 * splicing each subscription id in (the registry, once per slot):
 * mini-blocks → `miniBlocks` (and `fragments`), `newPendingTransactions`,
 * `stateChanges` and `logs` filters with a `"pending"` bound; sealed blocks →
 * `newHeads` and the other `logs` filters. Every notification carries the
 * mini-block it comes from: its own, or for a sealed block the newest one at
 * its sealing. The same formatting serves replays (createSubscriptionReplay),
 * so a replayed notification equals the live one.
 */
export function createStreamPublisher(deps: {
  registry: SubscriptionRegistry
  blocks: BlockSource
  /**
   * A mini-block reaching the edge more than this many ms after its sealing means the edge is
   * behind the stream (too many subscribers for its CPU, or catching up after a reconnection):
   * its turn's results are gathered (`gatherThisTurn`). Default GATHER_BEHIND_MS.
   */
  gatherBehindMs?: number
  /** Wall clock in ms (`wallClockMs`), for tests. */
  now?: () => number
}): StreamPublisher {
  const { registry, blocks } = deps
  const gatherBehindUs = BigInt(Math.round((deps.gatherBehindMs ?? GATHER_BEHIND_MS) * 1000))
  const now = deps.now ?? wallClockMs

  function onMiniBlock(mb: MiniBlock): void {
    if (BigInt(Math.round(now() * 1000)) - mb.timestampUs > gatherBehindUs) registry.gatherThisTurn()
    const view = miniBlockView(mb, blocks)
    // Encoded once per kind and filter: `fragments` is `miniBlocks`, and a `coalesceMs` channel shares the plain one's.
    const encoded = new Map<string, string[]>()
    for (const kind of MINI_BLOCK_KINDS) {
      const family = kind === 'fragments' ? 'miniBlocks' : kind
      for (const channel of registry.channels(kind)) {
        const key = `${family}\u0000${channel.resultKey}`
        let results = encoded.get(key)
        if (!results) {
          results = miniBlockNotifications(kind, channel.filter, view, blocks).map(registry.encode)
          encoded.set(key, results)
        }
        for (const json of results) registry.publishEncoded(channel, json, mb.number)
      }
    }
    for (const channel of registry.channels('logs')) {
      if (!isPending(channel.filter as LogsFilter)) continue
      for (const result of miniBlockNotifications('logs', channel.filter, view, blocks)) {
        registry.publish(channel, result, mb.number)
      }
    }
  }

  function onBlock(block: Block): void {
    // Applied in stream order: the newest mini-block now is the last one this block sealed.
    const position = blocks.head().miniBlock
    let logs: ReturnType<typeof logsOfBlock> | undefined
    const blockLogs = () => (logs ??= logsOfBlock(block, blocks))
    for (const kind of ['newHeads', 'logs'] as const) {
      for (const channel of registry.channels(kind)) {
        if (kind === 'logs' && isPending(channel.filter as LogsFilter)) continue
        for (const result of blockNotifications(kind, channel.filter, block, blockLogs)) {
          registry.publish(channel, result, position)
        }
      }
    }
  }

  /**
   * A rewind's abandoned logs go out again with `removed: true` (as after a reorg): to `pending`
   * filters every abandoned mini-block's, to the others those of abandoned sealed blocks. They carry
   * the mini-block the chain went back to. A replay never repeats them: it reads the chain as it is.
   */
  function onRewind(rewound: Rewound, position: bigint): void {
    const channels = registry.channels('logs')
    if (channels.length === 0) return
    for (const { logs, blockHash } of logsOfRewound(rewound)) {
      for (const channel of channels) {
        const filter = channel.filter as LogsFilter
        if (!isPending(filter) && !blockHash) continue
        const match = logMatchOf(filter)
        for (const log of logs) {
          if (matchesLog(log, match))
            registry.publish(channel, formatLog(log, blockHash ?? OPEN_BLOCK_HASH, true), position)
        }
      }
    }
  }

  return {
    publish(event, removed) {
      // Gathered notifications are older than anything a rewind or a sealed block sends.
      if (event.kind !== 'miniBlock') registry.flushGathered()
      if (event.kind === 'miniBlock') onMiniBlock(event.miniBlock)
      else if (event.kind === 'block') onBlock(event.block)
      else if (event.kind === 'rewind' && removed) onRewind(removed, event.rewind.miniBlockNumber)
    },
  }
}
