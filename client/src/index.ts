export { type AfterCondition, type CallAfterParameters, callAfter } from './actions/callAfter.ts'
export {
  type GetLogsWithCursorParameters,
  getLogsWithCursor,
  type LogPage,
} from './actions/getLogsWithCursor.ts'
export {
  isRetryable,
  type SendRawTransactionSyncParameters,
  sendRawTransactionSync,
} from './actions/sendRawTransactionSync.ts'
export { socketOf } from './actions/socketOf.ts'
export { type WatchMiniBlocksParameters, watchMiniBlocks } from './actions/watchMiniBlocks.ts'
export { type WatchPendingLogsParameters, watchPendingLogs } from './actions/watchPendingLogs.ts'
export { type WatchStateChangesParameters, watchStateChanges } from './actions/watchStateChanges.ts'
export { defineRtevmChain } from './chain/defineRtevmChain.ts'
export {
  BadPayloadError,
  QueueFullError,
  RealtimeClientError,
  type RealtimeClientErrorCode,
  RealtimeRpcError,
  RequestTimeoutError,
  ResumeFailedError,
  SocketClosedError,
  TransportRequiredError,
} from './errors.ts'
export {
  type MiniBlock,
  type MiniBlockDetail,
  type MiniBlockReceipt,
  parseMiniBlock,
} from './miniBlocks/parseMiniBlock.ts'
export {
  createRealtimeSocket,
  type Notification,
  type RealtimeSocket,
  type RealtimeSocketOptions,
  type RpcCall,
  type SubscribeOptions,
  type WebSocketConstructor,
} from './socket/createRealtimeSocket.ts'
export { parseStateChange, type StateChange } from './stateChanges/parseStateChange.ts'
export {
  type RealtimeClient,
  type RealtimeTransport,
  type RealtimeTransportOptions,
  realtime,
} from './transport/realtime.ts'
