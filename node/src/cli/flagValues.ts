/** Parsers for command-line and environment values; each names the flag in its error. */

export function integerFlag(flag: string, value: string): number {
  if (!/^[0-9]+$/.test(value)) throw new TypeError(`--${flag} expects a non-negative integer, got "${value}"`)
  return Number(value)
}

export function bigintFlag(flag: string, value: string): bigint {
  if (!/^[0-9]+$/.test(value)) throw new TypeError(`--${flag} expects a non-negative integer, got "${value}"`)
  return BigInt(value)
}

export function booleanFlag(flag: string, value: string): boolean {
  if (value !== 'true' && value !== 'false')
    throw new TypeError(`--${flag} expects true or false, got "${value}"`)
  return value === 'true'
}
