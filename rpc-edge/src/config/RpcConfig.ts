import { InvalidConfigError } from '../errors/index.ts'

/** Everything the edge's server can be tuned by; each field is a CLI flag / env var in the devnet. */
export type RpcConfig = {
  /** Interface to bind. Loopback by default: the devnet is a local tool, exposing it is opt-in. */
  host: string
  /** TCP port for HTTP and WebSocket alike (like anvil). 0 picks a free port (tests). */
  port: number
  /** Largest HTTP request body; larger ones get 413 before being buffered in full. */
  maxBodyBytes: number
  /** Most requests in one JSON-RPC batch (HTTP or WebSocket). */
  maxBatch: number
  /**
   * Largest WebSocket message; a larger one is answered with a JSON-RPC error
   * (id null) and the socket stays open. uWS cuts off one over four times this
   * while reading it, so no socket buffers more.
   */
  maxWsMessageBytes: number
  /**
   * Unsent bytes a WebSocket may accumulate before it is closed as a slow
   * consumer, so one stalled client never makes the edge buffer forever.
   */
  maxWsBackpressureBytes: number
  /** Live `eth_subscribe` subscriptions per WebSocket connection. */
  maxSubscriptionsPerConnection: number
  /** Open WebSocket connections per remote IP; more are refused with 429. */
  maxConnectionsPerIp: number
  /**
   * Origins browsers may call from: `*` lets any dapp call the devnet; a
   * comma-separated list answers only those origins (the production profile requires one).
   */
  corsOrigin: string
  /**
   * Cost units per second each client IP may spend (a plain call costs 1,
   * expensive ones more: `limits/methodCosts.ts`); over it, -32005 with a retry hint.
   */
  requestsPerSecond: number
  /** Cost units an idle client IP may spend at once. */
  requestBurst: number
  /** Cost units per second each API key may spend (`X-Api-Key` header or `?key=`). */
  keyRequestsPerSecond: number
  /** Cost units an idle API key may spend at once. */
  keyRequestBurst: number
  /** Accepted API keys; empty: keys are ignored and every client is its IP. An unknown key gets 401. */
  apiKeys: readonly string[]
  /** Clients (IPs, API keys) whose buckets are held at once; idle ones are swept. */
  maxRateClients: number
  /** Calls running at once on one WebSocket connection (or in one HTTP batch); more get -32005. */
  maxInFlightPerConnection: number
  /** Seconds without traffic before uWS closes a WebSocket; it pings automatically well before. */
  wsIdleTimeoutSeconds: number
  /** How often open WebSockets are checked for a backlog over `maxWsBackpressureBytes`. */
  backpressureSweepMs: number
}

/** `RpcConfig` with any field optional. */
export type RpcConfigInput = Partial<RpcConfig>

/** Every default in one place. */
export const defaultRpcConfig: Readonly<RpcConfig> = {
  host: '127.0.0.1',
  port: 8545,
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatch: 1000,
  maxWsMessageBytes: 5 * 1024 * 1024,
  maxWsBackpressureBytes: 4 * 1024 * 1024,
  maxSubscriptionsPerConnection: 128,
  maxConnectionsPerIp: 1024,
  corsOrigin: '*',
  // Generous: a local benchmark sends thousands of transactions a second from one IP.
  requestsPerSecond: 100_000,
  requestBurst: 100_000,
  keyRequestsPerSecond: 100_000,
  keyRequestBurst: 100_000,
  apiKeys: [],
  maxRateClients: 100_000,
  maxInFlightPerConnection: 4_096,
  wsIdleTimeoutSeconds: 120,
  backpressureSweepMs: 50,
}

/** Fills defaults and rejects nonsense (zero limits) early instead of at the first request. */
export function defineRpcConfig(input: RpcConfigInput = {}): RpcConfig {
  const config = { ...defaultRpcConfig, ...input }
  for (const key of [
    'maxBodyBytes',
    'maxBatch',
    'maxWsMessageBytes',
    'maxWsBackpressureBytes',
    'maxSubscriptionsPerConnection',
    'maxConnectionsPerIp',
    'backpressureSweepMs',
    'requestBurst',
    'keyRequestBurst',
    'maxRateClients',
    'maxInFlightPerConnection',
  ] as const) {
    if (!Number.isSafeInteger(config[key]) || config[key] <= 0) {
      throw new InvalidConfigError(`${key} must be a positive integer, got ${config[key]}`)
    }
  }
  // Rates may be fractions: 0.5 is one call every two seconds.
  for (const key of ['requestsPerSecond', 'keyRequestsPerSecond'] as const) {
    if (!Number.isFinite(config[key]) || config[key] <= 0) {
      throw new InvalidConfigError(`${key} must be a positive number, got ${config[key]}`)
    }
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new InvalidConfigError(`port must be 0..65535, got ${config.port}`)
  }
  return config
}
