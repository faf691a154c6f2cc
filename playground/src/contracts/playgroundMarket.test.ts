import { describe, expect, it } from 'vitest'
import { PlaygroundMarketInputError } from './errors.ts'
import { baseAmount, formatTick, parsePrice, playgroundMarket, quoteAmount } from './playgroundMarket.ts'

describe('playground market units', () => {
  it('converts between ticks and decimal prices', () => {
    expect(formatTick(2500)).toBe('25.00')
    expect(formatTick(1)).toBe('0.01')
    expect(formatTick(65_535)).toBe('655.35')
    expect(parsePrice('25')).toBe(2500)
    expect(parsePrice('25.5')).toBe(2550)
    expect(parsePrice(' 0.07 ')).toBe(7)
    for (const tick of [1, 99, 100, 101, 12_345, 65_535]) expect(parsePrice(formatTick(tick))).toBe(tick)
  })

  it('rejects prices off the grid or out of range with a typed error', () => {
    for (const bad of ['25.001', '-1', 'abc', '', '0', '655.36'])
      expect(() => parsePrice(bad), bad).toThrow(PlaygroundMarketInputError)
    expect(() => formatTick(0)).toThrow(PlaygroundMarketInputError)
    expect(() => quoteAmount(1.5, 1n)).toThrow(PlaygroundMarketInputError)
  })

  it('prices a lot exactly: one tick is 0.01 quote per base', () => {
    // 1000 lots = 1 base token; at tick 2500 (25.00) they cost 25 quote tokens.
    expect(baseAmount(1000n)).toBe(10n ** 18n)
    expect(quoteAmount(2500, 1000n)).toBe(25n * 10n ** 18n)
    expect(playgroundMarket.baseLot * 1000n).toBe(10n ** BigInt(playgroundMarket.base.decimals))
  })
})
