import type { SequencerStamps, TxInclusion } from '../types/index.ts'

/**
 * When one traced submission passed each point at the edge (`wallClockMs()`);
 * the submitter fills in what it sees, the sequencer's stamps when it has them.
 */
export type SubmitTrace = {
  received: number
  /** The edge's own admission checks passed; the transaction went to the sequencer. */
  admitted?: number
  /** The edge's replica held the transaction (its receipt is readable here). */
  applied?: number
  stamps?: SequencerStamps
}

/** Sends a signed transaction to the sequencer and resolves with its inclusion. */
export type TxSubmitter = {
  submit(raw: Uint8Array, trace?: SubmitTrace): Promise<TxInclusion>
}

/** A `TxSubmitter` that answers with `include(raw)` and keeps what it was sent. */
export type MemorySubmitter = TxSubmitter & { readonly submitted: Uint8Array[] }

export function createMemorySubmitter(include: (raw: Uint8Array) => TxInclusion): MemorySubmitter {
  const submitted: Uint8Array[] = []
  return {
    submitted,
    async submit(raw) {
      submitted.push(raw)
      return include(raw)
    },
  }
}
