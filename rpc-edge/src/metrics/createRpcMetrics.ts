import type { ClientLimit, JsonRpcErrorObject } from '../errors/index.ts'

/** Gauges read at scrape time from the server's own state, so they can never drift. */
export type MetricGauges = { wsConnections(): number; subscriptions(): number }

/** Counters the edge keeps, rendered in the Prometheus text format. */
export type RpcMetrics = {
  /** A JSON-RPC call finished; `method` is `undefined` for unknown names and invalid envelopes. */
  onCall(method: string | undefined, error: JsonRpcErrorObject | undefined): void
  /** A request or connection was refused before JSON-RPC: body too large, per-IP limit, slow consumer. */
  onRejected(
    reason:
      | 'body_too_large'
      | 'unsupported_media_type'
      | 'ip_limit'
      | 'slow_consumer'
      | 'ws_message_too_large'
      | 'unknown_api_key',
  ): void
  /** A per-client limit refused a call (-32005 with a retry hint). */
  onLimited(limit: ClientLimit): void
  /** Prometheus text exposition (version 0.0.4). */
  render(gauges: MetricGauges): string
}

/**
 * In-process counters. Labels come only from the method table and numeric
 * error codes, never from raw client input, so garbage cannot blow up the
 * number of series.
 */
export function createRpcMetrics(): RpcMetrics {
  const calls = new Map<string, number>()
  const errors = new Map<number, number>()
  const rejected = new Map<string, number>()
  // Every limit's series exists from the start, so a rate() over it never starts from nothing.
  const limited = new Map<ClientLimit, number>([
    ['rate', 0],
    ['cost', 0],
    ['concurrency', 0],
  ])
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1)

  return {
    onCall(method, error) {
      bump(calls, method ?? 'unknown')
      if (error) bump(errors, error.code)
    },
    onRejected(reason) {
      bump(rejected, reason)
    },
    onLimited(limit) {
      bump(limited, limit)
    },
    render(gauges) {
      const lines: string[] = []
      const family = (name: string, type: string, help: string) => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
      }
      family(
        'rtevm_rpc_requests_total',
        'counter',
        'JSON-RPC calls by method (unknown: not in the method table).',
      )
      for (const [method, n] of calls) lines.push(`rtevm_rpc_requests_total{method="${method}"} ${n}`)
      family('rtevm_rpc_errors_total', 'counter', 'JSON-RPC error responses by error code.')
      for (const [code, n] of errors) lines.push(`rtevm_rpc_errors_total{code="${code}"} ${n}`)
      family(
        'rtevm_rpc_rejected_total',
        'counter',
        'Requests and connections refused before JSON-RPC, by reason.',
      )
      for (const [reason, n] of rejected) lines.push(`rtevm_rpc_rejected_total{reason="${reason}"} ${n}`)
      family(
        'rtevm_edge_limited_total',
        'counter',
        'Calls refused by a per-client limit: rate (token bucket), cost (an expensive call over it), concurrency (calls running on one connection).',
      )
      for (const [limit, n] of limited) lines.push(`rtevm_edge_limited_total{limit="${limit}"} ${n}`)
      family('rtevm_rpc_ws_connections', 'gauge', 'Open WebSocket connections.')
      lines.push(`rtevm_rpc_ws_connections ${gauges.wsConnections()}`)
      family('rtevm_rpc_subscriptions', 'gauge', 'Live eth_subscribe subscriptions.')
      lines.push(`rtevm_rpc_subscriptions ${gauges.subscriptions()}`)
      return `${lines.join('\n')}\n`
    },
  }
}
