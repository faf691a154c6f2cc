import type { SqlExecutor } from './SqlDatabase.ts'

// Postgres caps a statement at 65 535 parameters; stay well below.
const MAX_PARAMS = 16_000

/**
 * Inserts `rows` (each with one value per column, in order) in as few
 * multi-row statements as the parameter cap allows. `suffix` follows the
 * VALUES list (an ON CONFLICT clause).
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  suffix = '',
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
  const columnList = columns.map((column) => `"${column}"`).join(', ')
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement)
    const params: unknown[] = []
    const tuples = chunk.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value)
        return `$${params.length}`
      })
      return `(${placeholders.join(', ')})`
    })
    await tx.query(`insert into ${table} (${columnList}) values ${tuples.join(', ')} ${suffix}`, params)
  }
}
