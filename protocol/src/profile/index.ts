export { ALLOW_PUBLIC_DEVNET_ENV, checkExposure, type Exposure } from './checkExposure.ts'
export {
  type DeploymentProfile,
  deploymentProfile,
  deploymentProfiles,
  type EdgeProfileLimits,
  type IndexerProfileLimits,
  PROFILE_ENV,
  type ProfileName,
} from './deploymentProfile.ts'
export { isLoopbackHost } from './isLoopbackHost.ts'
export { ProfileError, ProfileErrorCode } from './ProfileError.ts'
