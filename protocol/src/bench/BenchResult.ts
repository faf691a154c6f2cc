/** One benchmark figure, as written to bench/results/latest.json by `pnpm bench`. */
export type BenchResult = {
  name: string
  value: number
  unit: string
  better: 'higher' | 'lower'
  /** The peer measured in the same run on the same machine, when there is one. */
  baseline?: { name: string; value: number }
}
