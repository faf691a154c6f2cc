import pg from 'pg'

// Type OIDs (pg_type.oid) whose text form pg and PGlite parse differently.
const BYTEA = 17
const INT8 = 20
const BYTEA_ARRAY = 1001
const INT8_ARRAY = 1016

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)

/** PGlite's reading of an int8: a number when it is exact as one, else a bigint. */
function parseInt8(text: string): number | bigint {
  const value = BigInt(text)
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value
}

/** A plain Uint8Array (a copy), not a Buffer: Buffer's `slice`, `toString` and equality differ. */
function toPlainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer)
}

type Parser = (text: string) => unknown
type Nested = unknown[] | unknown

/** Applies `convert` to every non-null element of a (possibly multidimensional) parsed array. */
function mapArray(value: Nested, convert: (element: never) => unknown): Nested {
  if (Array.isArray(value)) return value.map((element) => mapArray(element, convert))
  return value === null ? null : convert(value as never)
}

/**
 * The one place where Postgres rows are made to read back as PGlite's do, so
 * every read path works the same on both: bytea as `Uint8Array` (pg gives a
 * Buffer), int8 as a number, or a bigint past 2^53 (pg gives a string). Numeric
 * stays a string on both. Given to each pool, not set on pg's global type table.
 */
export const postgresTypeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return pg.types.getTypeParser(oid, format)
    const text = (id: number) => pg.types.getTypeParser(id, 'text') as Parser
    switch (oid) {
      case BYTEA: {
        const parse = text(BYTEA)
        return (value: string) => toPlainBytes(parse(value) as Buffer)
      }
      case INT8:
        return parseInt8
      case BYTEA_ARRAY: {
        const parse = text(BYTEA_ARRAY)
        return (value: string) => mapArray(parse(value), toPlainBytes)
      }
      case INT8_ARRAY: {
        const parse = text(INT8_ARRAY)
        return (value: string) => mapArray(parse(value), parseInt8)
      }
      default:
        return text(oid)
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
}
