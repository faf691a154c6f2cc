import { createLatencyHistograms, type SubmitTrace } from '@rtevm/protocol'

/**
 * The hops of one synchronous send, in path order. With the sequencer in
 * this process its stamps split `sequencer` into handoff … fsync; over the
 * link `sequencer` is the whole round trip until the replica holds the
 * transaction.
 */
export type SyncSendHop =
  | 'admission'
  | 'handoff'
  | 'recovery'
  | 'queue'
  | 'execution'
  | 'sealing'
  | 'fsync'
  | 'replica'
  | 'sequencer'
  | 'reply'
  | 'total'

/** Per-hop latency histograms of `eth_sendRawTransactionSync` / `realtime_sendRawTransaction`, for /metrics. */
export type SyncSendHops = {
  /** Records a traced send whose answer was written at `repliedAt` (`wallClockMs()`). */
  record(trace: SubmitTrace, repliedAt: number): void
  render(): string
}

export function createSyncSendHops(): SyncSendHops {
  const histograms = createLatencyHistograms<SyncSendHop>({
    name: 'rtevm_sync_send_hop_seconds',
    help: 'Time a synchronous send spent in each hop, from stamps its path carries (total: arrival to answer written).',
    labelName: 'hop',
  })
  return {
    record(trace, repliedAt) {
      const { received, admitted, applied, stamps } = trace
      // A send that failed before reaching the sequencer or the replica is not a latency sample.
      if (admitted === undefined || applied === undefined) return
      histograms.observe('admission', admitted - received)
      if (stamps) {
        histograms.observe('handoff', stamps.received - admitted)
        histograms.observe('recovery', stamps.recovered - stamps.received)
        histograms.observe('queue', stamps.executing - stamps.recovered)
        histograms.observe('execution', stamps.executed - stamps.executing)
        histograms.observe('sealing', stamps.sealed - stamps.executed)
        histograms.observe('fsync', stamps.durable - stamps.sealed)
        histograms.observe('replica', applied - stamps.durable)
      }
      histograms.observe('sequencer', applied - admitted)
      histograms.observe('reply', repliedAt - applied)
      histograms.observe('total', repliedAt - received)
    },
    render: histograms.render,
  }
}
