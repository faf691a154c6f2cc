import { Hono } from 'hono'
import type { MetricGauges, RpcMetrics } from '../metrics/index.ts'

/** Plain HTTP routes beside JSON-RPC: liveness, readiness, Prometheus metrics. */
export function createStatusApp(options: {
  metrics: RpcMetrics
  gauges: MetricGauges
  ready: () => boolean
  /** More Prometheus families, appended to the counters. */
  extra?: () => string
}): Hono {
  const { metrics, gauges, ready, extra } = options
  const app = new Hono()
  // Liveness: the event loop answers. Says nothing about the chain.
  app.get('/health', (c) => c.json({ status: 'ok' }))
  // Readiness: the edge can serve reads (its replica has caught up); load balancers gate on it.
  app.get('/ready', (c) => (ready() ? c.json({ ready: true }) : c.json({ ready: false }, 503)))
  app.get('/metrics', (c) =>
    c.text(metrics.render(gauges) + (extra?.() ?? ''), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  )
  return app
}
