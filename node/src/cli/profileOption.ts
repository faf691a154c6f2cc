import { type DeploymentProfile, deploymentProfile, PROFILE_ENV } from '@rtevm/protocol'
import type { SequencerConfigInput } from '../config/index.ts'

/** The --help line of `--profile`, shared by every service's command. */
export const PROFILE_HELP = `  --profile   devnet (default) or production: dev methods, impersonation and unlocked accounts off, explicit CORS origins, limits tightened [env ${PROFILE_ENV}]\n`

/** The profile `--profile` names, else `RTEVM_PROFILE`, else the devnet's. Throws on an unknown name. */
export function profileFromCli(
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): DeploymentProfile {
  const flag = flags.profile
  return deploymentProfile(typeof flag === 'string' ? flag : env[PROFILE_ENV])
}

/** What a profile sets on the sequencer, under the flags and variables given explicitly. */
export function sequencerProfileInput(profile: DeploymentProfile): SequencerConfigInput {
  return { devMethods: profile.devMethods }
}
