// The explorer's benchmarks, run by the repository's `pnpm bench` (bench/run.ts) through the "./bench" export.
export { benchExplorerHome } from './homeLatency.ts'
