import { describe, expect, it } from 'vitest'
import { checkExposure, type Exposure } from './checkExposure.ts'
import { deploymentProfile, deploymentProfiles } from './deploymentProfile.ts'
import { isLoopbackHost } from './isLoopbackHost.ts'
import { ProfileError } from './ProfileError.ts'

const devnet = deploymentProfiles.devnet
const production = deploymentProfiles.production

function exposure(overrides: Partial<Exposure>): Exposure {
  return {
    profile: devnet,
    host: '127.0.0.1',
    devnetSurface: ['dev methods'],
    corsOrigin: '*',
    allowPublicDevnet: false,
    corsOptionName: '--cors-origin',
    ...overrides,
  }
}

describe('deploymentProfile', () => {
  it('is the devnet when unset, and refuses an unknown name', () => {
    expect(deploymentProfile(undefined).name).toBe('devnet')
    expect(deploymentProfile('').name).toBe('devnet')
    expect(deploymentProfile('production')).toBe(production)
    expect(() => deploymentProfile('prod')).toThrow('--profile expects devnet or production, got "prod"')
  })

  it('turns the devnet surface off in production', () => {
    expect(production).toMatchObject({ devMethods: false, devAccounts: false, explicitCorsOrigins: true })
    expect(devnet).toMatchObject({ devMethods: true, devAccounts: true, explicitCorsOrigins: false })
  })
})

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  )
  it.each(['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '127.0.0.1.example.com'])(
    '%s is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  )
})

describe('checkExposure', () => {
  it('lets a devnet run on loopback, and a production profile with named origins anywhere', () => {
    expect(() => checkExposure(exposure({}))).not.toThrow()
    expect(() =>
      checkExposure(
        exposure({
          profile: production,
          host: '0.0.0.0',
          devnetSurface: [],
          corsOrigin: 'https://a.example, https://b.example',
        }),
      ),
    ).not.toThrow()
  })

  it('refuses a devnet surface beyond loopback in one line naming what to configure', () => {
    let error: unknown
    try {
      checkExposure(exposure({ host: '0.0.0.0', devnetSurface: ['dev methods', 'unlocked dev accounts'] }))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ProfileError)
    const message = (error as Error).message
    expect(message).not.toContain('\n')
    expect(message).toContain('refusing to bind 0.0.0.0 with dev methods and unlocked dev accounts on')
    expect(message).toContain('--profile production')
    expect(message).toContain('--allow-public-devnet true')
  })

  it('exposes a devnet when asked to on purpose', () => {
    expect(() => checkExposure(exposure({ host: '0.0.0.0', allowPublicDevnet: true }))).not.toThrow()
  })

  it.each(['*', '', 'https://a.example,*'])('refuses production with CORS origin "%s"', (corsOrigin) => {
    expect(() =>
      checkExposure(
        exposure({
          profile: production,
          devnetSurface: [],
          corsOrigin,
          corsOptionName: '--cors-origin (RTEVM_RPC_CORS_ORIGIN)',
        }),
      ),
    ).toThrow(
      'the production profile needs explicit CORS origins: set --cors-origin (RTEVM_RPC_CORS_ORIGIN) to the origins of your apps',
    )
  })
})
