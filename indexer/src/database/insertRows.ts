import type { SqlExecutor } from './SqlDatabase.ts'
import { columnList, unnestSelect } from './unnestSelect.ts'

/** Rows per statement: bounds one statement's parameter arrays. */
const MAX_ROWS = 20_000

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
  for (let start = 0; start < rows.length; start += MAX_ROWS) {
    const params: unknown[] = []
    const select = await unnestSelect(tx, table, columns, rows.slice(start, start + MAX_ROWS), params)
    await tx.query(`insert into ${table} (${columnList(columns)}) ${select} ${suffix}`, params)
  }
}
