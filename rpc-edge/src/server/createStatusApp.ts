import { Hono } from 'hono'
import type { MetricGauges, RpcMetrics } from '../metrics/index.ts'

/** What `/health` answers beyond liveness: `healthy: false` turns it into a 503, `details` go in its body. */
export type HealthReport = { healthy: boolean; details: Record<string, unknown> }

/** Plain HTTP routes beside JSON-RPC: liveness, readiness, Prometheus metrics. */
export function createStatusApp(options: {
  metrics: RpcMetrics
  gauges: MetricGauges
  ready: () => boolean
  /** `/health` beyond liveness (the edge: its lag behind the sequencer). */
  health?: () => HealthReport
  /** More Prometheus families, appended to the counters. */
  extra?: () => string
}): Hono {
  const { metrics, gauges, ready, health, extra } = options
  const app = new Hono()
  // Liveness: the event loop answers and, where `health` says, the node keeps up with its source.
  app.get('/health', (c) => {
    const report = health?.()
    if (!report) return c.json({ status: 'ok' })
    return report.healthy
      ? c.json({ status: 'ok', ...report.details })
      : c.json({ status: 'unhealthy', ...report.details }, 503)
  })
  // Readiness: the edge can serve reads (its replica has caught up); load balancers gate on it.
  app.get('/ready', (c) => (ready() ? c.json({ ready: true }) : c.json({ ready: false }, 503)))
  app.get('/metrics', (c) =>
    c.text(metrics.render(gauges) + (extra?.() ?? ''), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  )
  return app
}
