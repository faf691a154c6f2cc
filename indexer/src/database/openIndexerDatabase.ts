import { deriveDevAccounts, type SequencerConfig } from '@rtevm/node'
import { hexToBytes } from 'viem'
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
  chainConfig: Pick<SequencerConfig, 'mnemonic' | 'devAccountCount' | 'devAccountBalance' | 'alloc'>,
): Promise<bigint> {
  await db.exec(SCHEMA_SQL)
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: string }>('select seq::text as seq from cursor where id = 1')
    if (rows.length > 0) return BigInt(rows[0].seq)
    const balances = new Map<string, bigint>()
    for (const account of deriveDevAccounts(chainConfig.mnemonic, chainConfig.devAccountCount)) {
      balances.set(account.address.toLowerCase(), chainConfig.devAccountBalance)
    }
    for (const { address, balance } of chainConfig.alloc) balances.set(address.toLowerCase(), balance)
    const accountRows = Array.from(balances, ([address, balance]) => [
      hexToBytes(address as `0x${string}`),
      balance.toString(),
      '0',
      0,
      0,
    ])
    const columns = ['address', 'balance', 'nonce', 'transaction_count', 'updated_mini_block']
    await insertRows(tx, 'accounts', columns, accountRows)
    await tx.query('insert into cursor (id, seq) values (1, 0)')
    return 0n
  })
}
