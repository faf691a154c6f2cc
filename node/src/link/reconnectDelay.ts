/** Bounds of the exponential backoff between reconnection attempts. */
export type ReconnectOptions = {
  minDelayMs: number
  maxDelayMs: number
}

export const defaultReconnect: ReconnectOptions = { minDelayMs: 50, maxDelayMs: 5000 }

/**
 * Delay before reconnection attempt `attempt` (0 for the first after a drop):
 * doubling from `minDelayMs`, capped at `maxDelayMs`, with the upper half
 * jittered so many followers dropped together do not return in lockstep.
 */
export function reconnectDelay(options: Partial<ReconnectOptions> | undefined, attempt: number): number {
  const min = options?.minDelayMs ?? defaultReconnect.minDelayMs
  const max = Math.max(min, options?.maxDelayMs ?? defaultReconnect.maxDelayMs)
  const ceiling = Math.min(max, min * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
}
