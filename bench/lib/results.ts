import type { BenchResult } from '@rtevm/protocol'

export type { BenchResult }

/** Prints results as an aligned table. */
export function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    `${format(r.value)} ${r.unit}`,
    r.baseline ? `${r.baseline.name}: ${format(r.baseline.value)} ${r.unit}` : '',
    r.baseline ? ratio(r) : '',
  ])
  const header = ['figure', 'rtevm', 'baseline', 'vs baseline']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}

function format(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  return value.toPrecision(3)
}

function ratio(r: BenchResult): string {
  if (!r.baseline || r.baseline.value === 0 || r.value === 0) return ''
  const factor = r.better === 'higher' ? r.value / r.baseline.value : r.baseline.value / r.value
  return `${factor.toFixed(1)}× ${factor >= 1 ? 'better' : 'worse'}`
}
