export {
  createLatencyHistograms,
  LATENCY_BUCKETS_S,
  type LatencyHistograms,
  wallClockMs,
} from './latencyHistograms.ts'
