// Benchmarks of this package, run by the repository's `pnpm bench`.
export { benchSequencer } from './bench/benchSequencer.ts'
export { benchCommitment } from './commitment/commitment.bench.ts'
