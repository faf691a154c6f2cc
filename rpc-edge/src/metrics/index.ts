export { createRpcMetrics, type MetricGauges, type RpcMetrics } from './createRpcMetrics.ts'
export {
  createSyncSendHops,
  type SyncSendHop,
  type SyncSendHops,
} from './createSyncSendHops.ts'
