import { describe, expect, it } from 'vitest'
import { configFromCli, sequencerOptions } from './options.ts'
import { profileFromCli, sequencerProfileInput } from './profileOption.ts'

describe('--profile', () => {
  it('comes from the flag, else RTEVM_PROFILE, else is the devnet', () => {
    expect(profileFromCli({}, {}).name).toBe('devnet')
    expect(profileFromCli({}, { RTEVM_PROFILE: 'production' }).name).toBe('production')
    expect(profileFromCli({ profile: 'devnet' }, { RTEVM_PROFILE: 'production' }).name).toBe('devnet')
    expect(() => profileFromCli({ profile: 'staging' }, {})).toThrow(/--profile expects devnet or production/)
  })

  it('turns the sequencer dev methods off in production, under what is given explicitly', () => {
    const production = sequencerProfileInput(profileFromCli({ profile: 'production' }, {}))
    expect(configFromCli(sequencerOptions, {}, {}, production).devMethods).toBe(false)
    expect(configFromCli(sequencerOptions, {}, { RTEVM_DEV_METHODS: 'true' }, production).devMethods).toBe(
      true,
    )
    expect(
      configFromCli(sequencerOptions, {}, {}, sequencerProfileInput(profileFromCli({}, {}))).devMethods,
    ).toBe(true)
  })
})
