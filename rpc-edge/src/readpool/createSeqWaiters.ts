/** Most reads waiting for the replica to catch up at once; more are answered `behind` at once. */
const MAX_WAITERS = 10_000

type Waiter = { seq: bigint; resolve(reached: boolean): void; timer: NodeJS.Timeout }

/**
 * Reads waiting until a replica applied a stream seq (read-your-writes across threads):
 * `reach(seq)` resolves true once `applied() >= seq`, false after `maxWaitMs`.
 * `advance()` is called after each applied event.
 */
export function createSeqWaiters(options: { applied(): bigint; maxWaitMs: number }) {
  const waiting = new Set<Waiter>()
  return {
    reach(seq: bigint): Promise<boolean> | true {
      if (options.applied() >= seq) return true
      if (waiting.size >= MAX_WAITERS) return Promise.resolve(false)
      return new Promise<boolean>((resolve) => {
        const waiter: Waiter = {
          seq,
          resolve,
          timer: setTimeout(() => {
            waiting.delete(waiter)
            resolve(false)
          }, options.maxWaitMs),
        }
        waiting.add(waiter)
      })
    },
    advance(): void {
      if (waiting.size === 0) return
      const applied = options.applied()
      for (const waiter of waiting) {
        if (waiter.seq > applied) continue
        clearTimeout(waiter.timer)
        waiting.delete(waiter)
        waiter.resolve(true)
      }
    },
  }
}
