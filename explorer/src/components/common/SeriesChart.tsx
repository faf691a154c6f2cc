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
  // One path per run of present values, so gaps stay gaps; a lone value between gaps is a dot.
  const runs: string[] = []
  const dots: [number, number][] = []
  let current: [number, number][] = []
  const close = () => {
    if (current.length === 1) dots.push(current[0])
    else if (current.length > 1)
      runs.push(current.map(([x, v], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${v.toFixed(1)}`).join(' '))
    current = []
  }
  values.forEach((value, i) => {
    if (value === null) close()
    else current.push([i * step, y(value)])
  })
  close()
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
        {dots.map(([x, v]) => (
          // A zero-length round-capped stroke: stays round although the chart stretches to its box.
          <path
            key={`${x},${v}`}
            d={`M${x},${v}h0`}
            className="chart-dot"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <small>
        max {format(max)} · last {values.length} s
      </small>
    </figure>
  )
}
