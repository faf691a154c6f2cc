// Benchmarks of this package, run by the repository's `pnpm bench`.
export { benchEdge } from './bench/benchEdge.ts'
