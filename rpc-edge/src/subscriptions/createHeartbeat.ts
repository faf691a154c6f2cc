import { quantityHex } from '../format/index.ts'
import type { SubscriptionRegistry } from './createSubscriptionRegistry.ts'

export type Heartbeat = { stop(): void }

/**
 * `heartbeats` notifications: at each interval in which no mini-block arrived
 * (the chain is idle), `{ "miniBlock": newest }` to every `heartbeats`
 * subscriber. Notifications on one connection keep their order, so a
 * heartbeat also says every notification up to that mini-block was sent: a
 * client tells a quiet chain from a stalled edge, and knows where to resume.
 */
export function createHeartbeat(deps: {
  registry: SubscriptionRegistry
  /** The newest mini-block the edge has applied. */
  newestMiniBlock: () => bigint
  intervalMs: number
}): Heartbeat {
  const { registry, newestMiniBlock, intervalMs } = deps
  let seen = newestMiniBlock()
  const timer = setInterval(() => {
    const newest = newestMiniBlock()
    if (newest !== seen) {
      seen = newest
      return
    }
    if (registry.channels('heartbeats').length === 0) return
    registry.publishKind('heartbeats', { miniBlock: quantityHex(newest) }, newest)
  }, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
