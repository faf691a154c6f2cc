import type { EventFeed } from '@rtevm/protocol'
import type { HealthReport } from '../server/index.ts'

/** How far the edge is behind the sequencer, for `/health` and `/metrics`. */
export type LagMonitor = {
  /** Milliseconds without a stream event beyond the sequencer's block interval; 0 while events keep coming. */
  lagMs(): number
  health(): HealthReport
  /** Prometheus families: the lag and the newest mini-block applied. */
  render(): string
  stop(): void
}

/**
 * The sequencer seals a block every `blockIntervalMs` even when idle, so an
 * edge following it hears at least that often: any longer silence is lag (a
 * dropped link, a stalled sequencer, an edge too busy to read). Measured on
 * this process's clock, so clocks of other machines do not enter.
 */
export function createLagMonitor(deps: {
  replica: EventFeed & { head(): { miniBlock: bigint } }
  blockIntervalMs: number
  maxLagMs: number
  now?: () => number
}): LagMonitor {
  const { replica, blockIntervalMs, maxLagMs } = deps
  const now = deps.now ?? Date.now
  let lastEventAt = now()
  const stop = replica.onEvent(() => {
    lastEventAt = now()
  })
  const lagMs = () => Math.max(0, now() - lastEventAt - blockIntervalMs)

  return {
    lagMs,
    health() {
      const lag = lagMs()
      return {
        healthy: lag <= maxLagMs,
        details: { lagMs: lag, maxLagMs, miniBlock: `0x${replica.head().miniBlock.toString(16)}` },
      }
    },
    render() {
      return [
        '# HELP rtevm_edge_lag_ms Milliseconds the edge has gone without a stream event beyond the block interval.',
        '# TYPE rtevm_edge_lag_ms gauge',
        `rtevm_edge_lag_ms ${lagMs()}`,
        '# HELP rtevm_edge_mini_block Newest mini-block the edge has applied.',
        '# TYPE rtevm_edge_mini_block gauge',
        `rtevm_edge_mini_block ${replica.head().miniBlock}`,
        '',
      ].join('\n')
    },
    stop,
  }
}
