import { describe, expect, it } from 'vitest'
import { defineConfig } from '../config/index.ts'
import { configFromCli, sequencerOptions } from './options.ts'

describe('--lean-calls', () => {
  it('is on by default and turned off by the flag or RTEVM_LEAN_CALLS', () => {
    expect(defineConfig(configFromCli(sequencerOptions, {}, {})).leanCalls).toBe(true)
    expect(configFromCli(sequencerOptions, { 'lean-calls': 'false' }, {}).leanCalls).toBe(false)
    expect(configFromCli(sequencerOptions, {}, { RTEVM_LEAN_CALLS: 'false' }).leanCalls).toBe(false)
    expect(() => configFromCli(sequencerOptions, { 'lean-calls': 'maybe' }, {})).toThrow(/lean-calls/)
  })
})
