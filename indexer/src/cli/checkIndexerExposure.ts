import { checkExposure, type DeploymentProfile } from '@rtevm/protocol'

/**
 * Refuses (one-line `ProfileError`) to serve the GraphQL API beyond loopback
 * under the devnet profile (CORS open to every page, the devnet's limits)
 * unless asked to on purpose, and the production profile with CORS open.
 */
export function checkIndexerExposure(options: {
  profile: DeploymentProfile
  host: string
  corsOrigin: string
  allowPublicDevnet: boolean
}): void {
  checkExposure({
    ...options,
    devnetSurface: options.profile.name === 'devnet' ? ['the devnet profile (open CORS, devnet limits)'] : [],
    corsOptionName: '--cors-origin (RTEVM_INDEXER_CORS_ORIGIN)',
  })
}
