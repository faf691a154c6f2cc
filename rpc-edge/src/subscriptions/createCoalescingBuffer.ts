/** Results waiting for a coalesced notification: their JSON, oldest first, and the newest mini-block. */
export type Coalesced = { readonly results: readonly string[]; readonly newest: bigint }

/**
 * Gathers a channel's results for `{ coalesceMs }` subscribers and hands
 * them over at most every `intervalMs`, all at once: the first result after a
 * flush waits at most `intervalMs`. Bounded: once `maxBytes` of JSON wait,
 * they go at once rather than growing the frame further.
 */
export type CoalescingBuffer = {
  add(json: string, miniBlock: bigint): void
  /** Hands over what waits now (a subscriber joins: it must not get results older than itself). */
  flush(): void
  /** Drops what waits and the timer (the channel's last subscriber left). */
  stop(): void
}

export function createCoalescingBuffer(options: {
  intervalMs: number
  maxBytes: number
  deliver(coalesced: Coalesced): void
}): CoalescingBuffer {
  const { intervalMs, maxBytes, deliver } = options
  let results: string[] = []
  let bytes = 0
  let newest = 0n
  let lastFlush = 0
  let timer: NodeJS.Timeout | undefined

  function flush(): void {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (results.length === 0) return
    const due = { results, newest }
    results = []
    bytes = 0
    lastFlush = performance.now()
    deliver(due)
  }

  return {
    add(json, miniBlock) {
      results.push(json)
      bytes += json.length
      newest = miniBlock
      if (bytes >= maxBytes) flush()
      else if (!timer) {
        timer = setTimeout(flush, Math.max(0, lastFlush + intervalMs - performance.now()))
        timer.unref()
      }
    },
    flush,
    stop() {
      if (timer) clearTimeout(timer)
      timer = undefined
      results = []
      bytes = 0
    },
  }
}
