import type { SqlExecutor } from '../database/SqlDatabase.ts'

// Postgres caps a statement at 65 535 parameters; stay well below (as insertRows).
const MAX_PARAMS = 16_000

/**
 * Runs `statement(values)` for `rows` in as few statements as the parameter cap
 * allows, where `values` is a VALUES list of `rows` (one value per column,
 * cast by `casts[i]` when given, which a bare VALUES list needs for its types),
 * and returns what the statements returned, in order.
 */
export async function queryValues<T>(
  tx: SqlExecutor,
  rows: readonly unknown[][],
  casts: readonly string[],
  statement: (values: string) => string,
): Promise<T[]> {
  if (rows.length === 0) return []
  const width = casts.length
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width))
  const results: T[] = []
  for (let start = 0; start < rows.length; start += perStatement) {
    const params: unknown[] = []
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const placeholders = row.map((value, i) => {
        params.push(value)
        return casts[i] ? `$${params.length}::${casts[i]}` : `$${params.length}`
      })
      return `(${placeholders.join(', ')})`
    })
    const { rows: returned } = await tx.query<T>(statement(tuples.join(', ')), params)
    results.push(...returned)
  }
  return results
}
