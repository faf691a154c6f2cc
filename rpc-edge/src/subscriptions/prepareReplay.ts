import type { SubscriptionReplay } from './createSubscriptionReplay.ts'
import { ReplayUnavailableError } from './errors.ts'

/** A replay serialized ahead of its subscription's id: results as JSON, and the chain position it is whole at. */
export type PreparedReplay = {
  readonly items: readonly { miniBlock: bigint; json: string }[]
  readonly at: { miniBlock: bigint; block: bigint }
}

/**
 * Serializes a replay before the subscription is answered, so one that would
 * not fit `maxBytes` is refused (ReplayUnavailableError naming the oldest
 * mini-block whose replay fits) instead of flooding the socket past its
 * backpressure limit, where the edge would close it as a slow consumer.
 */
export function prepareReplay(
  replay: SubscriptionReplay,
  request: { kind: string; filter: unknown; fromMiniBlock: bigint },
  maxBytes: number,
): PreparedReplay {
  const { kind, filter, fromMiniBlock } = request
  replay.check(kind, filter, fromMiniBlock)
  const at = replay.position()
  const items: { miniBlock: bigint; json: string }[] = []
  const sizes: { miniBlock: bigint; bytes: number }[] = []
  let total = 0
  for (const { miniBlock, result } of replay.notifications(kind, filter, fromMiniBlock)) {
    const json = JSON.stringify(result)
    total += json.length
    sizes.push({ miniBlock, bytes: json.length })
    // Past the budget only sizes are kept, to name where a replay that fits would start.
    if (total <= maxBytes) items.push({ miniBlock, json })
  }
  if (total > maxBytes)
    throw new ReplayUnavailableError(
      fromMiniBlock,
      oldestFitting(sizes, maxBytes, at.miniBlock),
      at.miniBlock,
    )
  return { items, at }
}

/** The oldest mini-block from which the replay's notifications (whole mini-blocks) fit in `maxBytes`. */
function oldestFitting(
  sizes: { miniBlock: bigint; bytes: number }[],
  maxBytes: number,
  newest: bigint,
): bigint {
  let fitting = newest + 1n
  let total = 0
  for (let i = sizes.length - 1; i >= 0; i--) {
    total += sizes[i].bytes
    if (total > maxBytes) break
    const first = i === 0 || sizes[i - 1].miniBlock !== sizes[i].miniBlock
    if (first) fitting = sizes[i].miniBlock
  }
  return fitting
}
