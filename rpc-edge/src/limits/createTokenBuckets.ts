/** Refill rate and size of every bucket of one table. */
export type TokenBucketOptions = {
  /** Tokens added per second, up to `burst`. */
  ratePerSecond: number
  /** Tokens a bucket holds when full: what an idle client may spend at once. */
  burst: number
  /** Most buckets held; past it the oldest is forgotten (its client starts again from full). */
  maxBuckets: number
  /** Milliseconds from any fixed origin; `performance.now` unless a test drives it. */
  now?: () => number
}

/** One token bucket per client key, refilled lazily when touched. */
export type TokenBuckets = {
  /**
   * Takes `cost` tokens from `key`'s bucket (a cost above `burst` takes the
   * whole burst). Returns 0 when taken, otherwise the milliseconds until the
   * bucket will hold them, taking nothing. O(1); allocates only for a new key.
   */
  take(key: string, cost: number): number
  /** Drops the buckets that have refilled to full: an idle client and no bucket are the same. */
  sweep(): void
  /** Buckets held. */
  readonly size: number
}

type Bucket = { tokens: number; at: number }

export function createTokenBuckets(options: TokenBucketOptions): TokenBuckets {
  const { burst, maxBuckets } = options
  const perMs = options.ratePerSecond / 1000
  const now = options.now ?? (() => performance.now())
  // Insertion order is the eviction order when the table is full.
  const buckets = new Map<string, Bucket>()

  function refilled(bucket: Bucket, at: number): number {
    return Math.min(burst, bucket.tokens + (at - bucket.at) * perMs)
  }

  return {
    take(key, cost) {
      const need = cost < burst ? cost : burst
      const at = now()
      const bucket = buckets.get(key)
      if (bucket === undefined) {
        if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value as string)
        buckets.set(key, { tokens: burst - need, at })
        return 0
      }
      const tokens = refilled(bucket, at)
      bucket.at = at
      if (tokens >= need) {
        bucket.tokens = tokens - need
        return 0
      }
      bucket.tokens = tokens
      return Math.ceil((need - tokens) / perMs)
    },
    sweep() {
      const at = now()
      for (const [key, bucket] of buckets) if (refilled(bucket, at) >= burst) buckets.delete(key)
    },
    get size() {
      return buckets.size
    },
  }
}
