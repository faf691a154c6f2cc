export { createRpcMetrics, type MetricGauges, type RpcMetrics } from './createRpcMetrics.ts'
export {
  createSyncSendHops,
  SYNC_SEND_HOPS,
  type SyncSendHop,
  type SyncSendHops,
} from './createSyncSendHops.ts'
