import type { ReadPoolStats } from './createReadPool.ts'

/** The read pool's state on /metrics: how many workers serve, and where reads were answered. */
export function renderReadPoolMetrics(stats: ReadPoolStats): string {
  return [
    '# HELP rtevm_read_workers Read worker threads running, and those caught up and serving.',
    '# TYPE rtevm_read_workers gauge',
    `rtevm_read_workers{state="running"} ${stats.workers}`,
    `rtevm_read_workers{state="serving"} ${stats.serving}`,
    '# HELP rtevm_read_worker_restarts_total Read workers that exited or crashed and were started again.',
    '# TYPE rtevm_read_worker_restarts_total counter',
    `rtevm_read_worker_restarts_total ${stats.restarts}`,
    '# HELP rtevm_reads_total Offloadable reads, by where they were answered.',
    '# TYPE rtevm_reads_total counter',
    `rtevm_reads_total{on="worker"} ${stats.offloaded}`,
    `rtevm_reads_total{on="edge_thread"} ${stats.inThread}`,
    '',
  ].join('\n')
}
