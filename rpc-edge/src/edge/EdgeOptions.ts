import { DEV_ACCOUNT_COUNT, DEV_MNEMONIC } from '@rtevm/protocol'

/** The edge's own settings beyond the server's `RpcConfig`; each is a CLI flag and env var. */
export type EdgeOptions = {
  /** EIP-7966 timeout when the client gives none. */
  defaultSyncTimeoutMs: number
  /** Largest sync-send timeout a client may ask for (larger ones are capped). */
  maxSyncTimeoutMs: number
  /** Cap of realtime_sendRawTransaction (MegaETH: 10 s). */
  realtimeTimeoutMs: number
  /** `heartbeats` subscribers hear from an idle chain at this interval; 0 sends none. */
  heartbeatIntervalMs: number
  /** Most mini-blocks one `eth_subscribe(kind, { fromMiniBlock })` replays; older → an error naming the oldest. */
  maxReplayMiniBlocks: number
  /** `/health` answers 503 once the edge has heard nothing from the sequencer for this long past its block interval. */
  maxLagMs: number
  /** Most logs one eth_getLogs returns before -32005. */
  maxLogs: number
  /** Page size of eth_getLogsWithCursor when the filter gives no `limit`. */
  logPageSize: number
  /** Largest eth_getLogsWithCursor page; a larger `limit` is capped. */
  maxLogPageSize: number
  /** eth_callAfter wait when the client gives no timeout. */
  defaultCallAfterTimeoutMs: number
  /** Longest eth_callAfter wait a client may ask for (longer ones are capped). */
  maxCallAfterTimeoutMs: number
  /** Most eth_callAfter calls waiting at once; more → -32005. */
  maxCallAfterWaiters: number
  /**
   * Threads recovering senders for edge admission (libsecp256k1, as the
   * sequencer). 0: on the event loop, ~60 µs per transaction and no thread
   * hop on the send path (lowest latency); n: batched on n worker threads.
   */
  senderRecoveryWorkers: number
  /**
   * Threads answering eth_call, eth_estimateGas, eth_createAccessList, eth_simulateV1,
   * traces and large eth_getLogs from their own replicas, off the thread that applies the
   * stream and pushes notifications. 0: in-thread. Each costs a copy of the state in RAM.
   */
  readWorkers: number
  /** Longest a read waits on a worker for the stream position the edge had when it arrived; then in-thread. */
  readWaitMs: number
  /** Most eth_newFilter / eth_newBlockFilter / eth_newPendingTransactionFilter filters held at once. */
  maxFilters: number
  /** Most changes a filter buffers between polls; past it the filter is dropped (-32005 on its next poll). */
  maxFilterChanges: number
  /** Filters not polled for this long are uninstalled (geth: 5 minutes). */
  filterExpiryMs: number
  /** Blocks whose end state stays readable at older block numbers (state reads and calls); 0 keeps none. */
  stateHistoryBlocks: number
  /** Approximate bytes of past state kept for those reads; the oldest blocks go first. */
  stateHistoryBytes: number
  /** Gas cap of eth_call / eth_estimateGas (geth's RPCGasCap). */
  gasCap: bigint
  /** Tip suggested by eth_maxPriorityFeePerGas and put on filled-in transactions. */
  tipPerGas: bigint
  /** Serve eth_accounts / eth_sendTransaction / eth_sign for the dev accounts (devnet only). */
  devAccounts: boolean
  /** The dev accounts' keys (for eth_sendTransaction signing) derive from this mnemonic; the chain's genesis does not. */
  mnemonic: string
  /** How many dev accounts the edge unlocks. */
  devAccountCount: number
  /** Serve anvil_*, hardhat_* and evm_* methods and impersonated sends (the sequencer may still refuse them). */
  devMethods: boolean
}

/** Every default in one place. */
export const defaultEdgeOptions: Readonly<EdgeOptions> = {
  defaultSyncTimeoutMs: 2_000,
  maxSyncTimeoutMs: 10_000,
  realtimeTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
  maxReplayMiniBlocks: 10_000,
  maxLagMs: 5_000,
  maxLogs: 10_000,
  logPageSize: 1_000,
  maxLogPageSize: 10_000,
  defaultCallAfterTimeoutMs: 10_000,
  maxCallAfterTimeoutMs: 30_000,
  maxCallAfterWaiters: 1_000,
  senderRecoveryWorkers: 0,
  // Off by default: each worker costs ~130 MiB and its start-up, and on 2 cores one worker served
  // fewer reads than the main thread (BENCH_ONLY=readload). For edges under heavy read load.
  readWorkers: 0,
  readWaitMs: 1_000,
  maxFilters: 10_000,
  maxFilterChanges: 10_000,
  filterExpiryMs: 5 * 60_000,
  stateHistoryBlocks: 86_400,
  stateHistoryBytes: 256 * 1024 * 1024,
  gasCap: 50_000_000n,
  tipPerGas: 1_000_000_000n,
  devAccounts: true,
  mnemonic: DEV_MNEMONIC,
  devAccountCount: DEV_ACCOUNT_COUNT,
  devMethods: true,
}

export function defineEdgeOptions(input: Partial<EdgeOptions> = {}): EdgeOptions {
  return { ...defaultEdgeOptions, ...input }
}
