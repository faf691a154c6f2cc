import { type BlockSource, ErrorCode, type LogRecord, RtevmError } from '@rtevm/protocol'
import { formatLog, type RpcLog } from '../format/index.ts'
import { expected, integer, type MethodTable, method, object } from '../jsonrpc/index.ts'
import { decodeLogCursor, encodeLogCursor, type LogCursor } from './logCursor.ts'
import { logFilterRange } from './logFilterRange.ts'
import { type LogFilter, parseLogFilter } from './queryLogs.ts'

export type LogCursorMethodsOptions = {
  blocks: BlockSource
  /** Page size when the filter gives no `limit`. */
  defaultLimit: number
  /** Largest page; a larger `limit` is capped, not refused. */
  maxLimit: number
}

type PagedFilter = { filter: LogFilter; cursor?: LogCursor; limit?: number }

/** A page: `cursor` is present exactly when more matching logs remain within the filter's range. */
export type LogPage = { logs: RpcLog[]; cursor?: string }

const OPEN_BLOCK_HASH = new Uint8Array(32)

function parsePagedFilter(o: Record<string, unknown>): PagedFilter {
  const paged: PagedFilter = { filter: parseLogFilter(o) }
  if (o.cursor != null) paged.cursor = decodeLogCursor(o.cursor)
  if (o.limit != null) {
    paged.limit = integer('limit').parse(o.limit)
    if (paged.limit === 0) return expected('limit of at least 1', o.limit)
  }
  return paged
}

/**
 * `eth_getLogsWithCursor` (MegaETH realtime API): eth_getLogs in pages. Each
 * page ends at a log; its cursor names that log's position, and the next call
 * resumes strictly after it, so pages never overlap or skip even while new
 * mini-blocks arrive (mini-blocks never change once applied). A cursor is a
 * position, not bound to a filter: given with another filter it resumes that
 * filter after the same position.
 */
export function createLogCursorMethods(options: LogCursorMethodsOptions): MethodTable {
  const { blocks, defaultLimit, maxLimit } = options

  function page({ filter, cursor, limit }: PagedFilter): LogPage {
    const size = limit === undefined ? defaultLimit : limit < maxLimit ? limit : maxLimit
    const range = logFilterRange(blocks, filter)
    const query = { addresses: filter.addresses, topics: filter.topics }
    const found: LogRecord[] = []
    let from = range.from
    // One more than the page, to know whether the range holds more.
    const wanted = size + 1
    if (cursor) requireNotAhead(cursor)
    if (cursor && cursor.miniBlock >= from && cursor.miniBlock <= range.to) {
      if (blocks.getMiniBlock(cursor.miniBlock) === undefined) {
        throw new RtevmError(
          ErrorCode.CursorPruned,
          'cursor points at mini-blocks this edge no longer retains',
        )
      }
      // The cursor's own mini-block (bounded by its size): its logs after the cursor only.
      const rest = blocks
        .getLogs({
          ...query,
          fromMiniBlock: cursor.miniBlock,
          toMiniBlock: cursor.miniBlock,
          limit: Infinity,
        })
        .filter((log) => log.logIndex > cursor.logIndex)
      found.push(...rest.slice(0, wanted))
      from = cursor.miniBlock + 1n
    } else if (cursor && cursor.miniBlock > range.to) {
      return { logs: [] }
    }
    if (found.length < wanted && from <= range.to) {
      found.push(
        ...blocks.getLogs({
          ...query,
          fromMiniBlock: from,
          toMiniBlock: range.to,
          limit: wanted - found.length,
        }),
      )
    }
    const logs = found.slice(0, size)
    const last = logs.at(-1)
    const formatted = formatLogs(logs)
    if (found.length <= size || !last) return { logs: formatted }
    return {
      logs: formatted,
      cursor: encodeLogCursor({ miniBlock: last.miniBlockNumber, logIndex: last.logIndex }),
    }
  }

  function requireNotAhead(cursor: LogCursor): void {
    if (cursor.miniBlock <= blocks.head().miniBlock) return
    throw new RtevmError(ErrorCode.CursorAhead, "cursor is ahead of this edge's newest mini-block", {
      details: 'another edge issued it; retry once this one catches up',
      retryable: true,
    })
  }

  function formatLogs(logs: LogRecord[]): RpcLog[] {
    const hashes = new Map<bigint, Uint8Array>()
    return logs.map((log) => {
      let hash = hashes.get(log.blockNumber)
      if (!hash) {
        hash = blocks.getBlockByNumber(log.blockNumber)?.hash ?? OPEN_BLOCK_HASH
        hashes.set(log.blockNumber, hash)
      }
      return formatLog(log, hash)
    })
  }

  return {
    eth_getLogsWithCursor: method([object('filter', parsePagedFilter)], ([paged]) => page(paged)),
  }
}
