import type { DeploymentProfile } from './deploymentProfile.ts'
import { isLoopbackHost } from './isLoopbackHost.ts'
import { ProfileError, ProfileErrorCode } from './ProfileError.ts'

/** What a service is about to expose, checked before it binds. */
export type Exposure = {
  profile: DeploymentProfile
  /** The interface it binds. */
  host: string
  /** What it serves that only a devnet should (dev methods, unlocked accounts); empty when nothing. */
  devnetSurface: readonly string[]
  /** Its CORS setting: `*` or a comma-separated list of origins. */
  corsOrigin: string
  /** The operator asked for a public devnet on purpose (`--allow-public-devnet true`). */
  allowPublicDevnet: boolean
  /** How the service's CORS option is named in messages: its flag and variable. */
  corsOptionName: string
}

/** The variable (and, as `--allow-public-devnet true`, the flag) that exposes a devnet on purpose. */
export const ALLOW_PUBLIC_DEVNET_ENV = 'RTEVM_ALLOW_PUBLIC_DEVNET'

/**
 * Refuses, with a one-line `ProfileError` saying what to configure, to serve
 * a devnet surface beyond loopback unless asked to on purpose, and to run the
 * production profile with CORS open to every origin.
 */
export function checkExposure(exposure: Exposure): void {
  const { profile, host, devnetSurface } = exposure
  if (profile.explicitCorsOrigins && !hasExplicitOrigins(exposure.corsOrigin)) {
    throw new ProfileError(
      ProfileErrorCode.OpenCors,
      `the ${profile.name} profile needs explicit CORS origins: set ${exposure.corsOptionName} to the origins of your apps (comma-separated, e.g. https://app.example.com)`,
    )
  }
  if (devnetSurface.length > 0 && !isLoopbackHost(host) && !exposure.allowPublicDevnet) {
    throw new ProfileError(
      ProfileErrorCode.PublicDevnet,
      `refusing to bind ${host} with ${devnetSurface.join(' and ')} on: use --profile production (RTEVM_PROFILE=production), bind 127.0.0.1, or pass --allow-public-devnet true (${ALLOW_PUBLIC_DEVNET_ENV}=true) to expose a devnet on purpose`,
    )
  }
}

/** `*` (or nothing) lets any page call the service; anything else names origins. */
function hasExplicitOrigins(corsOrigin: string): boolean {
  const origins = corsOrigin.split(',').map((o) => o.trim())
  return origins.every((o) => o !== '' && o !== '*')
}
