'use client'

import type { FinalityStage } from '../../graphql/types.ts'
import { useChainHeads } from '../../live/ChainHeadsProvider.tsx'
import { finalityStage } from '../../live/finalityStage.ts'
import { StageBadge } from '../common/StageBadge.tsx'

/**
 * A block's finality stage, moving on live: preconfirmed → sealed (indexer
 * head) → safe (the edge's `safe` tag) → finalized (the indexer's finalized block).
 */
export function LiveStage({ blockNumber, initial }: { blockNumber: string; initial: FinalityStage }) {
  const { edge, meta } = useChainHeads()
  const stage = finalityStage({
    blockNumber: BigInt(blockNumber),
    indexerStage: initial,
    sealedHead: meta ? BigInt(meta.headBlock) : null,
    safe: edge?.safe ?? null,
    finalized: meta ? BigInt(meta.finalizedBlock) : (edge?.finalized ?? null),
  })
  return (
    <span data-testid="finality-stage">
      <StageBadge stage={stage} />
    </span>
  )
}
