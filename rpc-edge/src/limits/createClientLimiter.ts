import { type ClientLimit, RateLimitedError } from '../errors/index.ts'
import type { CallClient, CallGate } from '../jsonrpc/index.ts'
import { createTokenBuckets } from './createTokenBuckets.ts'
import type { MethodCost } from './methodCosts.ts'

/** A token bucket's refill rate and size, in cost units. */
export type RateLimit = { ratePerSecond: number; burst: number }

export type ClientLimiterOptions = {
  /** Each remote IP's bucket (clients that name no API key). */
  perIp: RateLimit
  /** Each API key's bucket. */
  perKey: RateLimit
  /** Most buckets of each kind held at once; idle ones are swept, the oldest forgotten past it. */
  maxClients: number
  /** Calls one connection (or HTTP request) may have running at once. */
  maxInFlight: number
  costOf: MethodCost
  /** Told about every refusal, for the per-limit counters. */
  onLimited(limit: ClientLimit): void
  /** Milliseconds; injected by tests. */
  now?: () => number
}

/** The per-client gate the dispatcher consults, and the sweep that forgets idle clients. */
export type ClientLimiter = CallGate & {
  /** Drops the buckets of clients idle long enough to be full again. */
  sweep(): void
  /** Buckets held (IPs and API keys). */
  size(): number
}

/**
 * A call's answers are milliseconds away when a connection has too many
 * running; this is the hint given with a concurrency refusal.
 */
const CONCURRENCY_RETRY_MS = 50

/**
 * Token buckets per IP and per API key, charged each call's cost, and a cap
 * on calls running per connection. An admitted call allocates nothing.
 */
export function createClientLimiter(options: ClientLimiterOptions): ClientLimiter {
  const { maxInFlight, costOf, onLimited } = options
  const ips = createTokenBuckets({ ...options.perIp, maxBuckets: options.maxClients, now: options.now })
  const keys = createTokenBuckets({ ...options.perKey, maxBuckets: options.maxClients, now: options.now })

  function refuse(client: CallClient, limit: ClientLimit, retryAfterMs: number, reason: string) {
    onLimited(limit)
    if (retryAfterMs > client.retryAfterMs) client.retryAfterMs = retryAfterMs
    return new RateLimitedError(limit, retryAfterMs, reason)
  }

  return {
    admit(method, params, client) {
      if (client.inFlight >= maxInFlight) {
        return refuse(
          client,
          'concurrency',
          CONCURRENCY_RETRY_MS,
          `${maxInFlight} calls already running on this connection`,
        )
      }
      const cost = costOf(method, params)
      const wait = (client.keyed ? keys : ips).take(client.key, cost)
      if (wait === 0) {
        client.admitted++
        return undefined
      }
      const rate = client.keyed ? options.perKey : options.perIp
      const who = client.keyed ? 'API key' : 'IP'
      return cost > 1
        ? refuse(
            client,
            'cost',
            wait,
            `${method} costs ${cost} units; this ${who} may spend ${rate.ratePerSecond} a second`,
          )
        : refuse(client, 'rate', wait, `this ${who} may make ${rate.ratePerSecond} calls a second`)
    },
    sweep() {
      ips.sweep()
      keys.sweep()
    },
    size: () => ips.size + keys.size,
  }
}
