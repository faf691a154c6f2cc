// Benchmarks of this package, run by the repository's `pnpm bench`.

export { benchIndexer } from './benchIndexer.ts'
