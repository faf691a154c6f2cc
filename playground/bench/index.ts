// The playground's benchmarks, run by the repository's `pnpm bench` (bench/run.ts) through the "./bench" export.
export { benchPlaygroundClick } from './clickLatency.ts'
export {
  arenaWorkload,
  orderBookWorkload,
  type PlaygroundWorkload,
  playgroundWorkloads,
} from './parallelismWorkloads.ts'
