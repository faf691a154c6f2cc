import { describe, expect, it } from 'vitest'
import { compactWord, formatEthDelta } from './formatters.ts'

describe('formatEthDelta', () => {
  it('signs a change with a plus or a real minus', () => {
    expect(formatEthDelta(15n * 10n ** 17n, 18)).toBe('+1.5 ETH')
    expect(formatEthDelta(-21_000n * 10n ** 9n, 18)).toBe('−0.000021 ETH')
    expect(formatEthDelta(0n)).toBe('0 ETH')
  })
})

describe('compactWord', () => {
  it('drops a storage word’s leading zeros', () => {
    expect(compactWord(`0x${'0'.repeat(61)}3e8`)).toBe('0x3e8')
    expect(compactWord(`0x${'0'.repeat(64)}`)).toBe('0x0')
  })
})
