import type { SqlExecutor } from './SqlDatabase.ts'

/** Rows per statement: bounds one statement's parameter arrays. */
const MAX_ROWS = 20_000

/**
 * Each column's SQL type, read from the catalog once per table. The types
 * are fixed by `SCHEMA_SQL`, identical in every database the indexer writes,
 * so one cache serves them all.
 */
const columnTypes = new Map<string, Map<string, string>>()

/**
 * Inserts `rows` (each with one value per column, in order) with one
 * parameter per column: `insert … select * from unnest($1::type[], …)`.
 * Measured on PGlite against a multi-row VALUES list with one parameter per
 * value: 2 000 transaction rows in 111–144 ms instead of 187–355 ms, since
 * Postgres parses and plans a handful of arrays instead of thousands of
 * parameters. `suffix` follows the select (an ON CONFLICT clause).
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  suffix = '',
): Promise<void> {
  if (rows.length === 0) return
  const types = await typesOf(tx, table)
  const casts = columns.map((column, i) => {
    const type = types.get(column)
    if (!type) throw new TypeError(`table ${table} has no column ${column}`)
    return `$${i + 1}::${type}[]`
  })
  const sql = `insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')}) select * from unnest(${casts.join(', ')}) ${suffix}`
  for (let start = 0; start < rows.length; start += MAX_ROWS) {
    const chunk = rows.slice(start, start + MAX_ROWS)
    await tx.query(
      sql,
      columns.map((_, c) => chunk.map((row) => row[c])),
    )
  }
}

async function typesOf(tx: SqlExecutor, table: string): Promise<Map<string, string>> {
  const cached = columnTypes.get(table)
  if (cached) return cached
  const { rows } = await tx.query<{ column: string; type: string }>(
    `select a.attname as column, format_type(a.atttypid, null) as type
       from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped`,
    [table],
  )
  const types = new Map(rows.map((row) => [row.column, row.type]))
  columnTypes.set(table, types)
  return types
}
