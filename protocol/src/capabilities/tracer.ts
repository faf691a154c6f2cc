import type { BlockContext, CallRequest } from './caller.ts'

/**
 * Which of geth's tracers a debug_trace* request runs, with its config.
 * `struct` is geth's default opcode logger (the request names no tracer),
 * configured by the trace config's top-level flags; the others by `tracerConfig`.
 */
export type TracerSpec =
  | {
      kind: 'struct'
      disableStack?: boolean
      disableStorage?: boolean
      enableMemory?: boolean
      enableReturnData?: boolean
    }
  | { kind: 'call'; withLog?: boolean; onlyTopCall?: boolean }
  | {
      kind: 'prestate'
      diffMode?: boolean
      disableCode?: boolean
      disableStorage?: boolean
      includeEmpty?: boolean
    }
  | { kind: '4byte' }

/** A tracer's result, JSON-ready in geth's shape (its field names, hex strings and numbers). */
export type TraceResult = unknown

/** One transaction's trace in a block trace, as geth's debug_traceBlock* answers. */
export type BlockTraceEntry = { txHash: Uint8Array; result: TraceResult }

/** debug_trace*: transactions and calls re-executed with one of geth's tracers. */
export type Tracer = {
  /** A transaction, re-run on the state before it within its block (sealed or still open). */
  traceTransaction(hash: Uint8Array, spec: TracerSpec): Promise<TraceResult>
  /**
   * Every transaction of a block, in order: a sealed block, or the open block (the number
   * `pendingBlockContext` names) as of the newest mini-block.
   */
  traceBlock(blockNumber: bigint, spec: TracerSpec): Promise<BlockTraceEntry[]>
  /**
   * An eth_call at `request.atBlock`'s end state and context (default the
   * newest), `block` overriding that context.
   */
  traceCall(
    request: CallRequest,
    spec: TracerSpec,
    block?: (context: BlockContext) => BlockContext,
  ): Promise<TraceResult>
}
