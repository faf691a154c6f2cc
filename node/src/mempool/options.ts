import { InvalidMempoolOptionsError } from './errors.ts'
import type { MempoolOptions } from './types.ts'

/** Defaults sized for a laptop devnet: ample for bursts, bounded in memory. */
export const defaultMempoolOptions: MempoolOptions = {
  maxTransactions: 10_000,
  maxBytes: 32 * 1024 * 1024,
  maxPerSender: 64,
  maxNonceGap: 64,
  replacementBumpPercent: 10,
}

/** Fills in defaults and rejects values the pool's integer arithmetic cannot honour. */
export function resolveMempoolOptions(options: Partial<MempoolOptions> = {}): MempoolOptions {
  const resolved = { ...defaultMempoolOptions, ...options }
  for (const [name, value] of Object.entries(resolved)) {
    // BigInt() of a fraction throws, and a zero limit would make the pool reject everything.
    const minimum = name === 'replacementBumpPercent' || name === 'maxNonceGap' ? 0 : 1
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw new InvalidMempoolOptionsError(name, value, minimum)
    }
  }
  return resolved
}
