import { formatEther, formatGwei, formatUnits } from 'viem'

// Pure display helpers. Inputs are the indexer's decimal strings; outputs are
// deterministic (no "x s ago"), so server and client render the same text.

/** `0x1234…abcd`: enough to tell hashes apart in a list. */
export function shortHash(hash: string, keep = 6): string {
  if (hash.length <= keep * 2 + 4) return hash
  return `${hash.slice(0, keep + 2)}…${hash.slice(-keep)}`
}

/** Thousands separators for counts and gas. */
export function formatInteger(value: string | number | bigint): string {
  return BigInt(value).toLocaleString('en-US')
}

/** Trims a decimal string to `digits` fractional digits, without rounding up into wrong values. */
function trimDecimals(decimal: string, digits: number): string {
  const [whole, fraction = ''] = decimal.split('.')
  const kept = fraction.slice(0, digits).replace(/0+$/, '')
  if (kept === '' && whole === '0' && /[1-9]/.test(fraction)) return `<0.${'0'.repeat(digits - 1)}1`
  return kept === '' ? whole : `${whole}.${kept}`
}

/** Wei as ETH, e.g. `1.5 ETH`. */
export function formatEth(wei: string | bigint, digits = 6): string {
  return `${trimDecimals(formatEther(BigInt(wei)), digits)} ETH`
}

/** A signed change of wei as ETH, e.g. `+1.5 ETH`, `−0.000021 ETH` (a real minus sign). */
export function formatEthDelta(wei: bigint, digits = 6): string {
  if (wei === 0n) return '0 ETH'
  return `${wei < 0n ? '−' : '+'}${formatEth(wei < 0n ? -wei : wei, digits)}`
}

/** A 32-byte storage word without its leading zeros, e.g. `0x3e8`, `0x0`. */
export function compactWord(word: string): string {
  return `0x${BigInt(word).toString(16)}`
}

/** Wei as gwei, e.g. `1.000000007 gwei`. */
export function formatGasPrice(wei: string | bigint): string {
  return `${trimDecimals(formatGwei(BigInt(wei)), 9)} gwei`
}

/** A token amount with its decimals and symbol, when the token declares them. */
export function formatTokenAmount(value: string, decimals: number | null, symbol: string | null): string {
  const amount =
    decimals === null ? formatInteger(value) : trimDecimals(formatUnits(BigInt(value), decimals), 6)
  return symbol ? `${amount} ${symbol}` : amount
}

function splitUs(us: string | bigint): { date: Date; micros: string } {
  const value = BigInt(us)
  const date = new Date(Number(value / 1000n))
  const micros = (value % 1_000_000n).toString().padStart(6, '0')
  return { date, micros }
}

/** µs since the epoch as `2026-11-22 06:43:15.123456 UTC`. */
export function formatTimestampUs(us: string | bigint): string {
  const { date, micros } = splitUs(us)
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)}.${micros} UTC`
}

/** µs since the epoch as the UTC time of day, `06:43:15.123456`. */
export function formatTimeOfDayUs(us: string | bigint): string {
  const { date, micros } = splitUs(us)
  return `${date.toISOString().slice(11, 19)}.${micros}`
}

/** Seconds since the epoch as `2026-11-22 06:43:15 UTC`. */
export function formatTimestampSeconds(seconds: string | bigint): string {
  const iso = new Date(Number(BigInt(seconds)) * 1000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

/** A duration in µs, in the unit that reads best. */
export function formatMicros(us: number): string {
  if (us < 1_000) return `${us.toFixed(0)} µs`
  if (us < 1_000_000) return `${(us / 1_000).toFixed(2)} ms`
  return `${(us / 1_000_000).toFixed(2)} s`
}

/** A rate with a compact suffix: `1.2k`, `3.4M`. */
export function formatRate(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}G`
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`
  return value.toFixed(value < 10 ? 1 : 0)
}
