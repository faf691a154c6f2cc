import type { SqlExecutor } from './SqlDatabase.ts'

/**
 * Each column's SQL type, read from the catalog once per table. The types
 * are fixed by `SCHEMA_SQL`, identical in every database the indexer writes,
 * so one cache serves them all.
 */
const columnTypes = new Map<string, Map<string, string>>()

/**
 * Appends one array parameter per column of `rows` (each row one value per
 * column, in order) to `params` and returns `select * from unnest($i::type[],
 * …)` over them, typed from `table`'s columns. The text depends only on the
 * table, the columns and the parameters before it, never on the row count,
 * so a statement built from it is the same every batch (Postgres prepares it
 * once per connection) and an empty `rows` simply selects nothing.
 */
export async function unnestSelect(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  params: unknown[],
): Promise<string> {
  const types = await columnTypesOf(tx, table)
  const casts = columns.map((column, i) => {
    const type = types.get(column)
    if (!type) throw new TypeError(`table ${table} has no column ${column}`)
    params.push(rows.map((row) => row[i]))
    return `$${params.length}::${type}[]`
  })
  return `select * from unnest(${casts.join(', ')})`
}

/** `"a", "b", …`: a column list for an insert. */
export const columnList = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ')

async function columnTypesOf(tx: SqlExecutor, table: string): Promise<Map<string, string>> {
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
