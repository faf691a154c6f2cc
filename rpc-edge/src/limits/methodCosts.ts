/**
 * What a call costs in token-bucket units: 1 unless listed here. Calls that
 * execute pay for the gas they may burn, log queries for the blocks they
 * scan, traces and searches a flat price for re-executing transactions.
 * Computed from the raw params before they are parsed (bad params cost
 * what their method costs at its most common shape), in O(1) for most calls.
 */
export type MethodCost = (method: string, params: unknown) => number

/** eth_call-like methods: one more unit per this much gas (the gas cap when the call names none). */
export const CALL_GAS_PER_UNIT = 10_000_000
/** eth_getLogs and eth_getLogsWithCursor: one more unit per this many blocks of range. */
export const LOG_BLOCKS_PER_UNIT = 1_000
/** debug_trace*, ots_ traces and address searches: they re-execute transactions. */
export const TRACE_COST = 20
/** eth_getProof: proofs at an older block rebuild that block's trie. */
export const PROOF_COST = 5
/** eth_getFilterLogs: its filter's range is not in the params. */
export const FILTER_LOGS_COST = 5

export type MethodCostDeps = {
  /** The gas an eth_call without `gas` may burn (the edge's gas cap). */
  gasCap: bigint
  /** The newest block number, for `latest` and open-ended log ranges. */
  head(): number
}

export function createMethodCosts({ gasCap, head }: MethodCostDeps): MethodCost {
  const cap = Number(gasCap)
  const gasCost = (call: unknown) =>
    1 + Math.ceil(Math.min(quantityOf(field(call, 'gas')) ?? cap, cap) / CALL_GAS_PER_UNIT)
  const firstParam = (params: unknown) => (Array.isArray(params) ? params[0] : undefined)
  const callCost = (params: unknown) => gasCost(firstParam(params))
  const logsCost = (params: unknown) =>
    1 + Math.floor(blockRange(firstParam(params), head()) / LOG_BLOCKS_PER_UNIT)
  const trace = () => TRACE_COST

  const costs = new Map<string, (params: unknown) => number>([
    ['eth_call', callCost],
    ['eth_estimateGas', callCost],
    ['eth_createAccessList', callCost],
    ['eth_callAfter', callCost],
    ['debug_traceCall', (params) => TRACE_COST + callCost(params)],
    ['eth_simulateV1', (params) => simulateCost(firstParam(params), gasCost)],
    ['eth_getLogs', logsCost],
    ['eth_getLogsWithCursor', logsCost],
    ['eth_getFilterLogs', () => FILTER_LOGS_COST],
    ['eth_getProof', () => PROOF_COST],
    ['debug_traceTransaction', trace],
    ['debug_traceBlockByNumber', trace],
    ['debug_traceBlockByHash', trace],
    ['ots_traceTransaction', trace],
    ['ots_getInternalOperations', trace],
    ['ots_getTransactionError', trace],
    ['ots_searchTransactionsBefore', trace],
    ['ots_searchTransactionsAfter', trace],
  ])

  return (method, params) => {
    const cost = costs.get(method)
    return cost === undefined ? 1 : cost(params)
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined
}

/** A hex quantity as a number (cost only needs its size); `undefined` when it is not one. */
function quantityOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value.startsWith('0x') || value.length > 18) return undefined
  const n = Number.parseInt(value, 16)
  return Number.isFinite(n) ? n : undefined
}

/** Blocks a log filter spans, clamped to the chain; a `blockHash` filter spans one. */
function blockRange(filter: unknown, head: number): number {
  if (field(filter, 'blockHash') !== undefined) return 0
  const from = blockOf(field(filter, 'fromBlock'), head)
  const to = Math.min(blockOf(field(filter, 'toBlock'), head), head)
  return Math.max(0, to - from)
}

function blockOf(tag: unknown, head: number): number {
  if (tag === 'earliest') return 0
  return quantityOf(tag) ?? head
}

/** One unit per simulated block, plus each call as eth_call would cost. */
function simulateCost(payload: unknown, gasCost: (call: unknown) => number): number {
  const blocks = field(payload, 'blockStateCalls')
  if (!Array.isArray(blocks)) return 1
  let cost = 1
  for (const block of blocks) {
    cost += 1
    const calls = field(block, 'calls')
    if (Array.isArray(calls)) for (const call of calls) cost += gasCost(call)
  }
  return cost
}
