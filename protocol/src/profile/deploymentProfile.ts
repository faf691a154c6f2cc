import { ProfileError, ProfileErrorCode } from './ProfileError.ts'

/** The environment variable every service (sequencer, edge, indexer, `pnpm start`) reads its profile from. */
export const PROFILE_ENV = 'RTEVM_PROFILE'

/** `devnet` (the default): a local tool, everything on. `production`: what a public deployment runs. */
export type ProfileName = 'devnet' | 'production'

/**
 * What the JSON-RPC edge's production profile tightens; each is the edge's
 * option of the same name (a flag still overrides it). Cost units: a plain
 * call costs 1, expensive ones more (see the edge's method costs).
 */
export type EdgeProfileLimits = {
  /** Cost units per second each client IP may spend. */
  requestsPerSecond: number
  /** Cost units an idle client IP may spend at once. */
  requestBurst: number
  /** Cost units per second each API key may spend. */
  keyRequestsPerSecond: number
  keyRequestBurst: number
  /** Calls running at once on one WebSocket connection (or in one HTTP batch). */
  maxInFlightPerConnection: number
  maxConnectionsPerIp: number
  maxBatch: number
  maxBodyBytes: number
  maxWsMessageBytes: number
  maxSubscriptionsPerConnection: number
  maxLogs: number
  maxFilters: number
  maxCallAfterWaiters: number
}

/** What the indexer's production profile tightens: its GraphQL API limits of the same names. */
export type IndexerProfileLimits = {
  maxDepth: number
  maxCost: number
  maxPageSize: number
  timeoutMs: number
  maxSubscriptionsPerConnection: number
  maxSubscriptions: number
}

/**
 * One deployment profile: what it turns off and which limits it tightens.
 * A profile only overrides: limits it does not name keep each service's own
 * defaults (the devnet's), and flags and variables given explicitly win.
 */
export type DeploymentProfile = {
  name: ProfileName
  /** anvil_*, hardhat_*, evm_* methods and impersonation, at the sequencer and the edge. */
  devMethods: boolean
  /** The edge holds the dev accounts' keys: eth_accounts lists them, eth_sendTransaction and eth_sign use them. */
  devAccounts: boolean
  /** HTTP services refuse to start with `*` (any origin): browsers may call them only from named origins. */
  explicitCorsOrigins: boolean
  edge: Partial<EdgeProfileLimits>
  indexer: Partial<IndexerProfileLimits>
}

/** Every profile in one place; each service reads its part. */
export const deploymentProfiles: Readonly<Record<ProfileName, DeploymentProfile>> = {
  devnet: {
    name: 'devnet',
    devMethods: true,
    devAccounts: true,
    explicitCorsOrigins: false,
    edge: {},
    indexer: {},
  },
  production: {
    name: 'production',
    devMethods: false,
    devAccounts: false,
    explicitCorsOrigins: true,
    edge: {
      requestsPerSecond: 200,
      requestBurst: 400,
      keyRequestsPerSecond: 2_000,
      keyRequestBurst: 4_000,
      maxInFlightPerConnection: 32,
      maxConnectionsPerIp: 32,
      maxBatch: 100,
      maxBodyBytes: 1024 * 1024,
      maxWsMessageBytes: 1024 * 1024,
      maxSubscriptionsPerConnection: 32,
      maxLogs: 5_000,
      maxFilters: 1_000,
      maxCallAfterWaiters: 256,
    },
    indexer: {
      maxDepth: 8,
      maxCost: 10_000,
      maxPageSize: 100,
      timeoutMs: 5_000,
      maxSubscriptionsPerConnection: 20,
      maxSubscriptions: 2_000,
    },
  },
}

/** The profile a flag or variable names; unset or empty is the devnet's. Throws `ProfileError` on any other name. */
export function deploymentProfile(name: string | undefined): DeploymentProfile {
  if (name === undefined || name === '') return deploymentProfiles.devnet
  if (name === 'devnet' || name === 'production') return deploymentProfiles[name]
  throw new ProfileError(
    ProfileErrorCode.UnknownProfile,
    `--profile expects devnet or production, got "${name.slice(0, 64)}"`,
  )
}
