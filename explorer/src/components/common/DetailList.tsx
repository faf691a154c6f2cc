import type { ReactNode } from 'react'

export type Detail = { label: string; value: ReactNode; testId?: string }

/** Label / value pairs: two columns on a wide screen, stacked on a phone. */
export function DetailList({ details }: { details: readonly Detail[] }) {
  return (
    <dl className="details">
      {details.map((detail) => (
        <div key={detail.label} className="detail-row">
          <dt>{detail.label}</dt>
          <dd data-testid={detail.testId}>{detail.value}</dd>
        </div>
      ))}
    </dl>
  )
}
