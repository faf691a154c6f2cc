import { InvalidParamsError } from '../errors/index.ts'
import { ParamShapeError, parseQuantity } from '../jsonrpc/index.ts'

/** The option every kind takes to resume a stream: replay from this mini-block, then go live. */
export const RESUME_OPTION = 'fromMiniBlock'

/**
 * `fromMiniBlock` of a subscription's options object: a hex quantity or a JSON
 * integer, as a bigint; `undefined` when absent. It never enters a channel key:
 * replay is per subscription, the live stream after it is shared.
 */
export function resumeOption(options: Record<string, unknown>): bigint | undefined {
  const value = options[RESUME_OPTION]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return BigInt(value)
    throw new InvalidParamsError(`${RESUME_OPTION} must be a mini-block number, not ${value}`)
  }
  try {
    return parseQuantity(value, 64, RESUME_OPTION)
  } catch (error) {
    if (error instanceof ParamShapeError) throw new InvalidParamsError(error.message)
    throw error
  }
}

/** A plain options object, or `undefined` for absent params; anything else is refused, showing `shape`. */
export function optionsObject(
  kind: string,
  params: unknown,
  shape: string,
): Record<string, unknown> | undefined {
  if (params === undefined || params === null) return undefined
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new InvalidParamsError(`${kind} takes no params or ${shape}`)
  }
  return params as Record<string, unknown>
}

/** Refuses keys a kind does not know, so a misspelt option is not silently ignored. */
export function onlyKeys(kind: string, options: Record<string, unknown>, known: readonly string[]): void {
  const other = Object.keys(options).find((key) => !known.includes(key))
  if (other !== undefined) {
    throw new InvalidParamsError(
      `${kind} takes only ${known.map((k) => JSON.stringify(k)).join(', ')}, not ${JSON.stringify(other.slice(0, 48))}`,
    )
  }
}
