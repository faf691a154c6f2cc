/**
 * The last `size` items of a fast stream, in a fixed array (memory never
 * grows), with a frame-based view: `takeFrame()` returns the newest items when
 * something arrived since the previous frame and counts the items that came
 * and went between two frames (never drawn).
 */
export type RingWindow<T> = {
  /**
   * Adds an item unless one with the same key is in the window (or, with `sequenceOf`, another
   * source already delivered its sequence); returns whether it was added.
   */
  push(item: T, source?: string): boolean
  /**
   * The chain went back: drops the items `abandoned` picks (they are no longer part of the chain;
   * their keys and sequences will be reused by the new branch) and returns how many went. With
   * `sequenceOf`, the newest sequence taken becomes the newest left, so the reused ones are taken.
   */
  rewind(abandoned: (item: T) => boolean): number
  /** Newest first, or null when nothing arrived since the last call. */
  takeFrame(): T[] | null
  /** Items pushed since creation (not counting the initial ones). */
  received(): number
  /** Items pushed that left the window before any frame showed them. */
  skipped(): number
}

export type RingWindowOptions<T> = {
  /**
   * Merges feeds that deliver the same stream in order, a whole sequence at a time (the edge's
   * mini-blocks and the indexer's, whichever comes first): an item is taken when its sequence is
   * past the newest taken, or equal to it and from the source that delivered that one. So a slower
   * feed's copies are dropped even after the faster feed's have left the window.
   */
  sequenceOf?: (item: T) => bigint
}

export function createRingWindow<T>(
  size: number,
  keyOf: (item: T) => string,
  initial: readonly T[] = [],
  options: RingWindowOptions<T> = {},
): RingWindow<T> {
  const { sequenceOf } = options
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`window size must be a positive integer, got ${size}`)
  // Oldest first in the slots; `next` is where the next item goes (the oldest once full).
  const slots: T[] = initial.slice(0, size).reverse()
  let next = slots.length % size
  let count = slots.length
  let received = 0
  let skipped = 0
  let sinceFrame = 0
  let newest: bigint | null = null
  let newestSource: string | undefined
  if (sequenceOf)
    for (const item of initial) if (newest === null || sequenceOf(item) > newest) newest = sequenceOf(item)
  return {
    push(item, source) {
      if (sequenceOf) {
        const sequence = sequenceOf(item)
        if (newest !== null && (sequence < newest || (sequence === newest && source !== newestSource)))
          return false
        newest = sequence
        newestSource = source
      }
      const key = keyOf(item)
      for (let i = 0; i < count; i++) if (keyOf(slots[i]) === key) return false
      slots[next] = item
      next = (next + 1) % size
      if (count < size) count++
      received++
      sinceFrame++
      return true
    },
    rewind(abandoned) {
      const kept: T[] = []
      for (let i = 1; i <= count; i++) {
        const item = slots[(next - i + size) % size]
        if (!abandoned(item)) kept.push(item)
      }
      const dropped = count - kept.length
      if (dropped === 0) return 0
      // Oldest first again, from slot 0.
      slots.length = 0
      slots.push(...kept.reverse())
      count = kept.length
      next = count % size
      if (sequenceOf) {
        newest = null
        newestSource = undefined
        for (const item of kept) if (newest === null || sequenceOf(item) > newest) newest = sequenceOf(item)
      }
      // The next frame draws what is left, even if nothing new arrives.
      sinceFrame = Math.max(sinceFrame, 1)
      return dropped
    },
    takeFrame() {
      if (sinceFrame === 0) return null
      if (sinceFrame > size) skipped += sinceFrame - size
      sinceFrame = 0
      const rows: T[] = []
      for (let i = 1; i <= count; i++) rows.push(slots[(next - i + size) % size])
      return rows
    },
    received: () => received,
    skipped: () => skipped,
  }
}
