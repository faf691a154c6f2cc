import { randomBytes } from 'node:crypto'
import type { Block, BlockSource, LogRecord, MiniBlock, Rewound, StreamEvent } from '@rtevm/protocol'
import { RtevmError } from '@rtevm/protocol'
import { matchesLog } from '@rtevm/protocol/logs'
import { FilterNotFoundError, RpcErrorCode } from '../errors/index.ts'
import { dataHex, formatLog } from '../format/index.ts'
import { type LogFilter, logsOfMiniBlock, logsOfRewound } from '../methods/index.ts'

export type FilterRegistryOptions = {
  /** The replica: log positions of sealed blocks. */
  blocks: BlockSource
  /** Most filters installed on this edge at once; more → -32005. */
  maxFilters: number
  /** Most changes one filter buffers between polls; more drops the filter (-32005 on its next poll). */
  maxChanges: number
  /** A filter not polled for this long is uninstalled (geth: 5 minutes). */
  expiryMs: number
  /** Clock in ms; tests pass a fake one. */
  now?: () => number
}

/** A log filter as installed: the parsed filter, for eth_getFilterLogs and for matching new logs. */
export type InstalledLogFilter = {
  filter: LogFilter
}

/**
 * Polling filters (eth_newFilter…): installed per edge, fed by the replica's
 * events through `publish`, drained by `changes`.
 */
export type FilterRegistry = {
  installBlocks(): string
  installPendingTransactions(): string
  installLogs(filter: InstalledLogFilter): string
  /** Changes since the last poll, and resets the expiry clock. Unknown → FilterNotFoundError. */
  changes(id: string): unknown[]
  /** The log filter under `id` (resets the expiry clock). Unknown or not a log filter → FilterNotFoundError. */
  logFilter(id: string): InstalledLogFilter
  uninstall(id: string): boolean
  /** `removed`: what a `rewind` event abandoned, as the replica had it. */
  publish(event: StreamEvent, removed?: Rewound): void
  /** Uninstalls filters not polled within `expiryMs`; runs on a timer too. */
  sweep(): void
  size(): number
  close(): void
}

type Installed = {
  kind: 'blocks' | 'pendingTransactions' | 'logs'
  changes: unknown[]
  lastPolled: number
  logs?: InstalledLogFilter & { pending: boolean; from?: bigint; to?: bigint }
}

// A mini-block's EVM block is still open: no hash until it seals.
const OPEN_BLOCK_HASH = new Uint8Array(32)

export function createFilterRegistry(options: FilterRegistryOptions): FilterRegistry {
  const { blocks, maxFilters, maxChanges, expiryMs } = options
  const now = options.now ?? Date.now
  const filters = new Map<string, Installed>()
  // Invariant: an id is in at most one of `filters` and `dropped`. A dropped
  // filter's reason is reported once, on its next poll, then forgotten; at
  // most `maxFilters` reasons are kept (oldest forgotten first).
  const dropped = new Map<string, { reason: string; at: number }>()

  const timer = setInterval(() => sweep(), Math.max(1_000, Math.min(expiryMs, 60_000)))
  timer.unref()

  function install(entry: Omit<Installed, 'changes' | 'lastPolled'>): string {
    if (filters.size >= maxFilters) {
      sweep()
      if (filters.size >= maxFilters)
        throw new RtevmError(
          RpcErrorCode.LimitExceeded,
          `too many filters: this edge holds at most ${maxFilters}; uninstall unused ones`,
          { retryable: true },
        )
    }
    let id: string
    // A quantity, as geth writes ids: no leading zero digit.
    do id = `0x${BigInt(`0x${randomBytes(16).toString('hex')}`).toString(16)}`
    while (filters.has(id) || dropped.has(id))
    filters.set(id, { ...entry, changes: [], lastPolled: now() })
    return id
  }

  function get(id: string): Installed {
    const key = id.toLowerCase()
    const reason = dropped.get(key)
    if (reason) {
      dropped.delete(key)
      throw new RtevmError(RpcErrorCode.LimitExceeded, reason.reason, { retryable: true })
    }
    const entry = filters.get(key)
    if (!entry || now() - entry.lastPolled > expiryMs) {
      filters.delete(key)
      throw new FilterNotFoundError(id)
    }
    entry.lastPolled = now()
    return entry
  }

  function push(id: string, entry: Installed, items: unknown[]): void {
    if (items.length === 0) return
    if (entry.changes.length + items.length > maxChanges) {
      filters.delete(id)
      if (dropped.size >= maxFilters) dropped.delete(dropped.keys().next().value as string)
      dropped.set(id, {
        reason: `filter ${id} was dropped: more than ${maxChanges} changes buffered since its last poll; poll more often or narrow the filter`,
        at: now(),
      })
      return
    }
    for (const item of items) entry.changes.push(item)
  }

  function sweep(): void {
    const t = now()
    for (const [id, entry] of filters) if (t - entry.lastPolled > expiryMs) filters.delete(id)
    for (const [id, { at }] of dropped) if (t - at > expiryMs) dropped.delete(id)
  }

  function feedLogs(pending: boolean, logs: LogRecord[], blockHash: Uint8Array, removed = false): void {
    for (const [id, entry] of filters) {
      const f = entry.logs
      if (!f || f.pending !== pending) continue
      const matched = logs.filter(
        (log) =>
          (f.from === undefined || log.blockNumber >= f.from) &&
          (f.to === undefined || log.blockNumber <= f.to) &&
          matchesLog(log, f.filter),
      )
      push(
        id,
        entry,
        matched.map((log) => formatLog(log, blockHash, removed)),
      )
    }
  }

  function onMiniBlock(mb: MiniBlock): void {
    const hashes = mb.transactions.map((tx) => dataHex(tx.hash))
    let wantsLogs = false
    for (const [id, entry] of filters) {
      if (entry.kind === 'pendingTransactions') push(id, entry, hashes)
      else if (entry.logs?.pending) wantsLogs = true
    }
    if (wantsLogs) feedLogs(true, logsOfMiniBlock(mb, blocks), OPEN_BLOCK_HASH)
  }

  function onBlock(block: Block): void {
    const hash = dataHex(block.hash)
    let wantsLogs = false
    for (const [id, entry] of filters) {
      if (entry.kind === 'blocks') push(id, entry, [hash])
      else if (entry.logs && !entry.logs.pending) wantsLogs = true
    }
    if (!wantsLogs || block.miniBlockCount === 0) return
    const logs = blocks.getLogs({
      fromMiniBlock: block.firstMiniBlock,
      toMiniBlock: block.firstMiniBlock + BigInt(block.miniBlockCount - 1),
      limit: Number.MAX_SAFE_INTEGER,
    })
    feedLogs(false, logs, block.hash)
  }

  return {
    installBlocks: () => install({ kind: 'blocks' }),
    installPendingTransactions: () => install({ kind: 'pendingTransactions' }),
    installLogs(installed) {
      const { fromBlock, toBlock } = installed.filter
      const pending =
        (fromBlock?.kind === 'named' && fromBlock.tag === 'pending') ||
        (toBlock?.kind === 'named' && toBlock.tag === 'pending')
      return install({
        kind: 'logs',
        logs: {
          ...installed,
          pending,
          from: fromBlock?.kind === 'number' ? fromBlock.number : undefined,
          to: toBlock?.kind === 'number' ? toBlock.number : undefined,
        },
      })
    },
    changes(id) {
      const entry = get(id)
      const changes = entry.changes
      entry.changes = []
      return changes
    },
    logFilter(id) {
      const entry = get(id)
      if (!entry.logs) throw new FilterNotFoundError(id)
      return entry.logs
    },
    uninstall(id) {
      const key = id.toLowerCase()
      dropped.delete(key)
      return filters.delete(key)
    },
    publish(event, removed) {
      if (filters.size === 0) return
      if (event.kind === 'miniBlock') onMiniBlock(event.miniBlock)
      else if (event.kind === 'block') onBlock(event.block)
      else if (event.kind === 'rewind' && removed) {
        // The abandoned logs come back with removed: true, as geth reports a reorg.
        for (const { logs, blockHash } of logsOfRewound(removed)) {
          feedLogs(true, logs, OPEN_BLOCK_HASH, true)
          if (blockHash) feedLogs(false, logs, blockHash, true)
        }
      }
    },
    sweep,
    size: () => filters.size,
    close() {
      clearInterval(timer)
      filters.clear()
      dropped.clear()
    },
  }
}
