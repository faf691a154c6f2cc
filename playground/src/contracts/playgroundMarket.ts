import { PlaygroundMarketInputError } from './errors.ts'

/**
 * The one market the playground deploys: base token PGB against quote token PGUSD, both with
 * 18 decimals. A lot is 0.001 base; a tick is 0.01 quote per base, so tick 2500 is a price of
 * 25.00. Amounts on chain are whole numbers of lots and ticks (see OrderBook.sol).
 */
export const playgroundMarket = {
  base: { name: 'Playground Base', symbol: 'PGB', decimals: 18 },
  quote: { name: 'Playground Dollar', symbol: 'PGUSD', decimals: 18 },
  /** Base-token units per lot (0.001 PGB). */
  baseLot: 10n ** 15n,
  /** Quote-token units one lot costs per tick (so one tick is 0.01 PGUSD per PGB). */
  quotePerTick: 10n ** 13n,
  maxTick: 65_535,
  /** Minted to every dev account at deployment. */
  mint: { base: 1_000_000n * 10n ** 18n, quote: 100_000_000n * 10n ** 18n },
} as const

/** Quote-token units that `size` lots cost at `tick` (what a buy order escrows). */
export function quoteAmount(tick: number, size: bigint): bigint {
  checkTick(tick)
  return BigInt(tick) * size * playgroundMarket.quotePerTick
}

/** Base-token units in `size` lots (what a sell order escrows). */
export function baseAmount(size: bigint): bigint {
  return size * playgroundMarket.baseLot
}

/** A tick as a decimal price in quote per base, e.g. 2500 → "25.00". */
export function formatTick(tick: number): string {
  checkTick(tick)
  return `${Math.floor(tick / 100)}.${String(tick % 100).padStart(2, '0')}`
}

/** A decimal price ("25", "25.5", "25.05") as a tick; more than two decimals is an error. */
export function parsePrice(price: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(price.trim())
  if (!match) throw new PlaygroundMarketInputError(`price ${JSON.stringify(price)} is not a multiple of 0.01`)
  const tick = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  checkTick(tick)
  return tick
}

function checkTick(tick: number): void {
  if (!Number.isInteger(tick) || tick < 1 || tick > playgroundMarket.maxTick)
    throw new PlaygroundMarketInputError(`tick ${tick} is outside 1..${playgroundMarket.maxTick}`)
}
