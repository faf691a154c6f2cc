import type { SqlExecutor } from '../../database/SqlDatabase.ts'
import type { MetaModel } from '../models.ts'

/** Where the index stands, read in one statement so its parts agree. */
export async function readMeta(sql: SqlExecutor): Promise<MetaModel> {
  const { rows } = await sql.query<Record<string, string | null>>(
    `select c.seq::text as cursor, c.finalized_block::text as finalized,
       (select m.number::text from mini_blocks m order by m.number desc limit 1) as head_mini_block,
       (select m.timestamp_us::text from mini_blocks m order by m.number desc limit 1) as head_timestamp_us,
       (select b.number::text from blocks b order by b.number desc limit 1) as head_block
     from cursor c where c.id = 1`,
  )
  const row = rows[0] ?? {}
  return {
    cursor: BigInt(row.cursor ?? '0'),
    headMiniBlock: BigInt(row.head_mini_block ?? '0'),
    headBlock: BigInt(row.head_block ?? '0'),
    finalizedBlock: BigInt(row.finalized ?? '0'),
    headTimestampUs: BigInt(row.head_timestamp_us ?? '0'),
  }
}
