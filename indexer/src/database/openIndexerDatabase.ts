import type { ChainGenesis } from '@rtevm/protocol'
import { insertRows } from './insertRows.ts'
import type { SqlDatabase } from './SqlDatabase.ts'
import { SCHEMA_SQL } from './schema.ts'

/**
 * Creates the schema if needed and, on a fresh database, writes the genesis
 * accounts together with cursor 0 (one transaction, so a crash leaves either
 * both or neither). Returns the seq of the last committed stream event.
 */
export async function openIndexerDatabase(
  db: SqlDatabase,
  /** The genesis the sequencer served (checked by the caller): its accounts seed a fresh database. */
  genesis: ChainGenesis,
): Promise<bigint> {
  await db.exec(SCHEMA_SQL)
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: string }>('select seq::text as seq from cursor where id = 1')
    if (rows.length > 0) return BigInt(rows[0].seq)
    const accountRows = genesis.accounts.map(({ address, balance, nonce }) => [
      Uint8Array.from(address),
      balance.toString(),
      nonce.toString(),
      0,
      0,
    ])
    const columns = ['address', 'balance', 'nonce', 'transaction_count', 'updated_mini_block']
    await insertRows(tx, 'accounts', columns, accountRows)
    await tx.query('insert into cursor (id, seq) values (1, 0)')
    return 0n
  })
}
