import { readRuntimeConfig } from '../config/runtimeConfig.ts'
import type { Loaded } from '../graphql/loadFromIndexer.ts'
import { callEdge } from './callEdge.ts'

/** The two traces the transaction page draws, in geth's tracer config. */
export const CALL_TREE_TRACE = { tracer: 'callTracer', tracerConfig: { withLog: true } } as const
export const STATE_DIFF_TRACE = { tracer: 'prestateTracer', tracerConfig: { diffMode: true } } as const

/** Re-running a large transaction takes the edge longer than the status bar's reads. */
const TRACE_TIMEOUT_MS = 10_000

/**
 * A server component's debug_traceTransaction at request time, turned into its view by `toView`.
 * Failures (edge down, -32001 beyond the history window, a malformed trace) come back as a value,
 * so the section renders a notice and the rest of the page is unaffected.
 */
export async function loadTrace<T>(
  hash: string,
  config: typeof CALL_TREE_TRACE | typeof STATE_DIFF_TRACE,
  toView: (raw: unknown) => T,
): Promise<Loaded<T>> {
  try {
    const [raw] = await callEdge(
      readRuntimeConfig().rpcUrl,
      [{ method: 'debug_traceTransaction', params: [hash, config] }],
      { timeoutMs: TRACE_TIMEOUT_MS },
    )
    return { ok: true, data: toView(raw) }
  } catch (error) {
    return { ok: false, error }
  }
}
