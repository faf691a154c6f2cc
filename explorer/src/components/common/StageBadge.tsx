import type { Stage } from '../../live/finalityStage.ts'

const LABELS: Record<Stage, string> = {
  PRECONFIRMED: 'preconfirmed',
  SEALED: 'sealed',
  SAFE: 'safe',
  FINALIZED: 'finalized',
}

/** A coloured finality stage. */
export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <span className={`badge stage-${stage.toLowerCase()}`} data-stage={stage}>
      {LABELS[stage]}
    </span>
  )
}
