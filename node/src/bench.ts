// Benchmarks of this package, run by the repository's `pnpm bench`.
export { benchSequencer } from './bench/benchSequencer.ts'
export { benchTokenSource } from './bench/benchToken.ts'
export { benchCommitment } from './commitment/commitment.bench.ts'
