import type { BlockSource } from '@rtevm/protocol'
import { type MethodTable, method, object } from '../jsonrpc/index.ts'
import { parseLogFilter, queryLogs } from './queryLogs.ts'

export type LogMethodsOptions = {
  blocks: BlockSource
  /** Most logs one eth_getLogs answers; more → -32005 asking for a narrower range. Default 10 000. */
  maxLogs?: number
}

/** eth_getLogs over the replica's retained mini-blocks; EVM block bounds map to mini-block ranges. */
export function createLogMethods(options: LogMethodsOptions): MethodTable {
  const { blocks } = options
  const maxLogs = options.maxLogs ?? 10_000
  return {
    eth_getLogs: method([object('filter', parseLogFilter)], ([filter]) => queryLogs(blocks, filter, maxLogs)),
  }
}
