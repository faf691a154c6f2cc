// Benchmarks of this package, run by the repository's `pnpm bench`.

export { benchParallelism, type WorkloadParallelism } from './bench/benchParallelism.ts'
export { benchReplication } from './bench/benchReplication.ts'
export { benchSequencer } from './bench/benchSequencer.ts'
export { benchTokenSource } from './bench/benchToken.ts'
export { driveAtRate, driveSaturated } from './bench/drive.ts'
export { percentile } from './bench/percentile.ts'
export { erc20Workload, ethTransfers, ethWorkload } from './bench/workloads.ts'
export { benchCommitment } from './commitment/commitment.bench.ts'
export { benchDataAvailability } from './da/da.bench.ts'
export { benchDiffSize } from './diffsize/index.ts'
export { benchVerifier } from './verifier/verifier.bench.ts'
