/**
 * Recommended `pollingInterval` for viem clients on HTTP transports. viem's
 * default is derived from `blockTime` but clamped to at least 500 ms, which
 * would hide mini-blocks entirely; polling every mini-block (~1 ms) would be
 * a request storm. 10 ms sees a receipt within ~10 mini-blocks at modest cost.
 * On WebSocket transports, subscriptions make polling unnecessary.
 */
export const rtevmPollingIntervalMs = 10
