/** One series over time as an SVG area chart: no chart library, scales to its box. */
export function SeriesChart({
  title,
  values,
  format,
  testId,
}: {
  title: string
  /** Oldest first; null marks a bucket without data (a gap). */
  values: readonly (number | null)[]
  format: (value: number) => string
  testId?: string
}) {
  const width = 300
  const height = 80
  const present = values.filter((v): v is number => v !== null)
  const max = present.reduce((a, b) => (b > a ? b : a), 0)
  const latest = present.length > 0 ? present[present.length - 1] : null
  const step = values.length > 1 ? width / (values.length - 1) : width
  const y = (v: number) => (max === 0 ? height : height - (v / max) * (height - 4))
  // One path per run of present values, so gaps stay gaps.
  const runs: string[] = []
  let current: string[] = []
  values.forEach((value, i) => {
    if (value === null) {
      if (current.length > 0) runs.push(current.join(' '))
      current = []
    } else current.push(`${current.length === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(value).toFixed(1)}`)
  })
  if (current.length > 0) runs.push(current.join(' '))
  return (
    <figure className="chart" data-testid={testId} data-max={max}>
      <figcaption>
        <span>{title}</span>
        <strong>{latest === null ? '–' : format(latest)}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={title}>
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="chart-axis" />
        {runs.map((d) => (
          <path key={d} d={d} className="chart-line" vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
      <small>
        max {format(max)} · last {values.length} s
      </small>
    </figure>
  )
}
