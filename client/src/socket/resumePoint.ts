/**
 * Where a subscription stands in the stream: the mini-block it resumes from and how many of that
 * mini-block's notifications it already delivered. The edge tags every notification with its
 * mini-block and replays a mini-block's notifications in the same order, so resuming from
 * `miniBlock` and dropping the first `seen` gives every notification once: nothing missed,
 * nothing twice.
 */
export type ResumePoint = { miniBlock: bigint; seen: number }

/** The point after one more notification at `miniBlock`. */
export function advance(point: ResumePoint | undefined, miniBlock: bigint): ResumePoint {
  if (point && point.miniBlock === miniBlock) return { miniBlock, seen: point.seen + 1 }
  return { miniBlock, seen: 1 }
}

/**
 * `eth_subscribe` params that resume `params` from `miniBlock` (rtevm's `fromMiniBlock` option),
 * or `undefined` for a kind or shape that cannot resume. MegaETH's `stateChanges` address list
 * becomes the equivalent `{ addresses }` object.
 */
export function resumeParams(params: readonly unknown[], miniBlock: bigint): unknown[] | undefined {
  const [kind, options] = params
  if (typeof kind !== 'string' || kind === 'heartbeats' || params.length > 2) return undefined
  const fromMiniBlock = `0x${miniBlock.toString(16)}`
  if (kind === 'stateChanges' && Array.isArray(options)) return [kind, { addresses: options, fromMiniBlock }]
  if (kind === 'stateChanges' && options == null) return [kind, { detail: 'diff', fromMiniBlock }]
  if (options == null) return [kind, { fromMiniBlock }]
  if (typeof options === 'object' && !Array.isArray(options)) return [kind, { ...options, fromMiniBlock }]
  return undefined
}

/** A notification's `params.miniBlock` (rtevm tags every one; MegaETH's carry none). */
export function miniBlockOf(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(value)) return undefined
  return BigInt(value)
}
