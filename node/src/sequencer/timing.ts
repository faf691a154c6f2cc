/** Running totals of one kind of work, in milliseconds. */
export type Timing = { total: number; max: number; last: number }

export const newTiming = (): Timing => ({ total: 0, max: 0, last: 0 })

export function record(timing: Timing, ms: number): void {
  timing.total += ms
  timing.last = ms
  if (ms > timing.max) timing.max = ms
}
