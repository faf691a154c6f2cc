import type { TxInclusion } from '../types/index.ts'

/** Sends a signed transaction to the sequencer and resolves with its inclusion. */
export type TxSubmitter = {
  submit(raw: Uint8Array): Promise<TxInclusion>
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
