import { describe, expect, it } from 'vitest'
import { defineConfig } from '../config/index.ts'
import { configFromCli, sequencerOptions } from './options.ts'

describe('--compile-contracts', () => {
  it('is on by default and turned off by the flag or RTEVM_COMPILE_CONTRACTS', () => {
    expect(defineConfig(configFromCli(sequencerOptions, {}, {})).compileContracts).toBe(true)
    expect(configFromCli(sequencerOptions, { 'compile-contracts': 'false' }, {}).compileContracts).toBe(false)
    expect(configFromCli(sequencerOptions, {}, { RTEVM_COMPILE_CONTRACTS: 'false' }).compileContracts).toBe(
      false,
    )
    expect(() => configFromCli(sequencerOptions, { 'compile-contracts': 'maybe' }, {})).toThrow(
      /compile-contracts/,
    )
  })
})
