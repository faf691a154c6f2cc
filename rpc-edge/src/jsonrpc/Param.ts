import { InvalidParamsError } from '../errors/index.ts'

/** One positional parameter: its name (for error messages) and a parser that validates and converts it. */
export type Param<T> = {
  readonly name: string
  /** An optional parameter may be omitted, `undefined` or `null`; it then parses to `undefined`. */
  readonly optional: boolean
  /** Throws `ParamShapeError` (via `expected`) when the value has the wrong shape. */
  parse(value: unknown): T
}

/** The positional parameters of a method, in order. */
export type ParamsSpec = readonly Param<unknown>[]

/** The tuple of parsed values a `ParamsSpec` yields (optional ones may be `undefined`). */
export type ParamsOf<S extends ParamsSpec> = {
  -readonly [K in keyof S]: S[K] extends Param<infer T> ? T : never
}

/** Thrown by a parser; `parseParams` turns it into an `InvalidParamsError` naming the position. */
export class ParamShapeError extends Error {
  override name = 'ParamShapeError'
}

/** Throws the shape error a parser reports: "expected <what>". */
export function expected(what: string, value: unknown): never {
  throw new ParamShapeError(`expected ${what}, got ${describe(value)}`)
}

/**
 * Parses `o[key]` with `param` inside an object parameter (a filter, a call),
 * naming the field in a shape error: "fromBlock: expected …". Absent and null
 * fields are `undefined`.
 */
export function field<T>(o: Record<string, unknown>, key: string, param: Param<T>): T | undefined {
  const value = o[key]
  if (value === undefined || value === null) return undefined
  try {
    return param.parse(value)
  } catch (error) {
    if (error instanceof ParamShapeError) throw new ParamShapeError(`${key}: ${error.message}`)
    throw error
  }
}

/** A short, bounded rendering of client input for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return JSON.stringify(value.length > 48 ? `${value.slice(0, 48)}…` : value)
  return String(value)
}

/**
 * Validates raw `params` against a spec. Params must be positional (an array
 * or absent): no Ethereum method takes named params, and silently accepting an
 * object would hide client bugs.
 */
export function parseParams<S extends ParamsSpec>(spec: S, raw: unknown): ParamsOf<S> {
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    throw new InvalidParamsError('params must be an array of positional values')
  }
  const values = (raw ?? []) as unknown[]
  if (values.length > spec.length) {
    throw new InvalidParamsError(`too many arguments, want at most ${spec.length}, got ${values.length}`)
  }
  const parsed: unknown[] = new Array(spec.length)
  for (let i = 0; i < spec.length; i++) {
    const param = spec[i]
    const value = values[i]
    if (value === undefined || value === null) {
      if (!param.optional)
        throw new InvalidParamsError(`missing value for required argument ${i} (${param.name})`)
      parsed[i] = undefined
      continue
    }
    try {
      parsed[i] = param.parse(value)
    } catch (error) {
      if (error instanceof ParamShapeError) {
        throw new InvalidParamsError(`argument ${i} (${param.name}): ${error.message}`)
      }
      throw error
    }
  }
  return parsed as ParamsOf<S>
}
