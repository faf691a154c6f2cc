import type { BlockSource } from '@rtevm/protocol'
import { expected, type MethodTable, method, object, type Param } from '../jsonrpc/index.ts'
import { parseLogFilter, queryLogs } from '../methods/index.ts'
import type { FilterRegistry, InstalledLogFilter } from './createFilterRegistry.ts'

export type FilterMethodsOptions = {
  filters: FilterRegistry
  blocks: BlockSource
  /** eth_getFilterLogs answers at most this many logs, as eth_getLogs. */
  maxLogs: number
}

const FILTER_ID = /^0x[0-9a-fA-F]{1,64}$/

function filterId(): Param<string> {
  return {
    name: 'filterId',
    optional: false,
    parse: (value) =>
      typeof value === 'string' && FILTER_ID.test(value) ? value : expected('a hex filter id', value),
  }
}

function parseInstalled(o: Record<string, unknown>): InstalledLogFilter {
  const filter = parseLogFilter(o)
  if (filter.blockHash) return expected('fromBlock/toBlock (blockHash is for eth_getLogs only)', o)
  return { filter }
}

/** The polling filter family over a `FilterRegistry`. */
export function createFilterMethods(options: FilterMethodsOptions): MethodTable {
  const { filters, blocks, maxLogs } = options
  return {
    eth_newFilter: method([object('filter', parseInstalled)], ([installed]) =>
      filters.installLogs(installed),
    ),
    eth_newBlockFilter: method([], () => filters.installBlocks()),
    eth_newPendingTransactionFilter: method([], () => filters.installPendingTransactions()),
    eth_getFilterChanges: method([filterId()], ([id]) => filters.changes(id)),
    eth_getFilterLogs: method([filterId()], ([id]) =>
      queryLogs(blocks, filters.logFilter(id).filter, maxLogs),
    ),
    eth_uninstallFilter: method([filterId()], ([id]) => filters.uninstall(id)),
  }
}
