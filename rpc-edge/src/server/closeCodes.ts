/**
 * WebSocket close codes the edge sends, so clients can tell why they were
 * dropped without parsing the reason. 4000-4999 is left to applications by RFC 6455.
 */
export const RpcCloseCode = {
  /** Server shutting down. */
  GoingAway: 1001,
  /** More unsent bytes than `maxWsBackpressureBytes`: the client did not read fast enough. */
  SlowConsumer: 4000,
} as const
