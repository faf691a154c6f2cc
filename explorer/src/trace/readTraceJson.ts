import { TraceShapeError } from '../errors.ts'

// The edge's tracer results arrive as untyped JSON (`TraceResult` is `unknown` in protocol/): these
// readers check each field as it is used, so a malformed trace becomes a TraceShapeError the page
// can show instead of a crash.

type Json = Record<string, unknown>

/** Reads one tracer's JSON, naming the tracer in every error. */
export function readTraceJson(tracer: string) {
  const fail = (detail: string): never => {
    throw new TraceShapeError(tracer, detail)
  }
  return {
    /** An object (a frame, an account). */
    record(value: unknown, what: string): Json {
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json
      return fail(`${what} is not an object`)
    },
    /** A string field, or null when absent. */
    string(value: unknown, what: string): string | null {
      if (value === undefined || value === null) return null
      return typeof value === 'string' ? value : fail(`${what} is not a string`)
    },
    /** A quantity as geth writes it (hex string, or a JSON number for nonces), or null when absent. */
    quantity(value: unknown, what: string): bigint | null {
      if (value === undefined || value === null) return null
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
      if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return BigInt(value)
      return fail(`${what} is not a quantity`)
    },
    /** A storage word (hex, up to 32 bytes). */
    word(value: unknown, what: string): string {
      if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return value
      return fail(`${what} is not a storage word`)
    },
    /** An array field, or empty when absent. */
    list(value: unknown, what: string): unknown[] {
      if (value === undefined || value === null) return []
      return Array.isArray(value) ? value : fail(`${what} is not an array`)
    },
  }
}
