import { deploymentProfiles, ProfileError } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { checkIndexerExposure } from './checkIndexerExposure.ts'

const devnet = deploymentProfiles.devnet
const production = deploymentProfiles.production

describe('checkIndexerExposure', () => {
  it('serves a devnet on loopback, and production with named origins anywhere', () => {
    expect(() =>
      checkIndexerExposure({ profile: devnet, host: '127.0.0.1', corsOrigin: '*', allowPublicDevnet: false }),
    ).not.toThrow()
    expect(() =>
      checkIndexerExposure({
        profile: production,
        host: '0.0.0.0',
        corsOrigin: 'https://explorer.example',
        allowPublicDevnet: false,
      }),
    ).not.toThrow()
  })

  it('refuses a devnet beyond loopback unless asked to on purpose', () => {
    const exposed = { profile: devnet, host: '0.0.0.0', corsOrigin: '*', allowPublicDevnet: false }
    expect(() => checkIndexerExposure(exposed)).toThrow(ProfileError)
    expect(() => checkIndexerExposure(exposed)).toThrow(
      /^refusing to bind 0\.0\.0\.0 with the devnet profile \(open CORS, devnet limits\) on: use --profile production/,
    )
    expect(() => checkIndexerExposure({ ...exposed, allowPublicDevnet: true })).not.toThrow()
  })

  it('refuses production with CORS open to every origin', () => {
    expect(() =>
      checkIndexerExposure({
        profile: production,
        host: '127.0.0.1',
        corsOrigin: '*',
        allowPublicDevnet: false,
      }),
    ).toThrow(
      'the production profile needs explicit CORS origins: set --cors-origin (RTEVM_INDEXER_CORS_ORIGIN)',
    )
  })
})
