import type { Block } from '@ethereumjs/block'
import type { TypedTransaction } from '@ethereumjs/tx'
import type { RunTxResult, VM } from '@ethereumjs/vm'
import type { TraceResult } from '@rtevm/protocol'
import type { RamState } from '../../state/index.ts'

/** One transaction run a tracer watches, with the state it runs on. */
export type TracedRun = {
  vm: VM
  tx: TypedTransaction
  from: Uint8Array
  block: Block
  /** The state as the EVM changes it: what geth's tracers read through their StateDB. */
  state: RamState
  /** Index within the block of the transaction's first log (0 for a call). */
  firstLogIndex: number
}

/** A geth tracer for one transaction. */
export type TxTracer = {
  /** Called before runTx, with the state at the transaction's start: subscribes, returns the unsubscribe. */
  start(run: TracedRun): () => void
  /** The result, read after runTx and before the state is reverted (diff mode reads the post-state). */
  result(outcome: RunTxResult): TraceResult
}
