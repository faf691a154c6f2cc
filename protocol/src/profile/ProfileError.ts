import { RtevmError, type RtevmErrorOptions } from '../errors/index.ts'

/** Why a service refuses to start under its profile. */
export const ProfileErrorCode = {
  /** `--profile` / `RTEVM_PROFILE` names no profile. */
  UnknownProfile: 'PROFILE_UNKNOWN',
  /** Dev methods or unlocked accounts would be reachable beyond this machine. */
  PublicDevnet: 'PROFILE_PUBLIC_DEVNET',
  /** The production profile with CORS open to every origin. */
  OpenCors: 'PROFILE_OPEN_CORS',
} as const

export type ProfileErrorCode = (typeof ProfileErrorCode)[keyof typeof ProfileErrorCode]

/** A start-up refusal; its message is one line saying what to configure. */
export class ProfileError extends RtevmError {
  override name = 'ProfileError'
  constructor(code: ProfileErrorCode, message: string, options: RtevmErrorOptions = {}) {
    super(code, message, options)
  }
}
