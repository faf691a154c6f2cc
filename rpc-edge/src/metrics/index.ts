export { createRpcMetrics, type MetricGauges, type RpcMetrics } from './createRpcMetrics.ts'
