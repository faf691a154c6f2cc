import type { FinalityStage } from '../graphql/types.ts'

/** The explorer's stages: the indexer's three plus SAFE, which only the edge knows. */
export type Stage = 'PRECONFIRMED' | 'SEALED' | 'SAFE' | 'FINALIZED'

export const STAGE_ORDER: readonly Stage[] = ['PRECONFIRMED', 'SEALED', 'SAFE', 'FINALIZED']

export type StageInputs = {
  /** The EVM block holding the transaction (the open block while preconfirmed). */
  blockNumber: bigint
  /** What the indexer said when the page was rendered. */
  indexerStage: FinalityStage
  /** Newest sealed EVM block the indexer has (meta.headBlock). */
  sealedHead: bigint | null
  /** The edge's `safe` block: re-derived by a full node. */
  safe: bigint | null
  /** The verifier pool's finalized block (meta.finalizedBlock or the edge's `finalized`). */
  finalized: bigint | null
}

/** Where a block stands now; never earlier than what the indexer already said. */
export function finalityStage(inputs: StageInputs): Stage {
  const { blockNumber } = inputs
  let stage: Stage = inputs.indexerStage
  const raise = (to: Stage) => {
    if (STAGE_ORDER.indexOf(to) > STAGE_ORDER.indexOf(stage)) stage = to
  }
  if (inputs.sealedHead !== null && blockNumber <= inputs.sealedHead) raise('SEALED')
  if (inputs.safe !== null && blockNumber <= inputs.safe) raise('SAFE')
  if (inputs.finalized !== null && blockNumber <= inputs.finalized) raise('FINALIZED')
  return stage
}
