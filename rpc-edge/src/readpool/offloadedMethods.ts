/**
 * The reads a worker answers when the pool is on: everything that runs the EVM, and
 * eth_getLogs over a large range (`LARGE_LOG_RANGE`). Every other method stays on the
 * edge's thread, where it is a map lookup.
 */
export const OFFLOADED_METHODS = [
  'eth_call',
  'eth_estimateGas',
  'eth_createAccessList',
  'eth_simulateV1',
  'debug_traceTransaction',
  'debug_traceCall',
  'debug_traceBlockByNumber',
  'debug_traceBlockByHash',
  'ots_traceTransaction',
  'ots_getInternalOperations',
  'eth_getLogs',
] as const

/**
 * eth_getLogs over more mini-blocks than this goes to a worker; near-head queries (`latest`,
 * `pending`, the last few mini-blocks) are a few bloom checks and stay in-thread.
 */
export const LARGE_LOG_RANGE = 16n
