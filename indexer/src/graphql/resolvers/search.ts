import type { SqlExecutor } from '../../database/SqlDatabase.ts'
import { hexToBuffer } from '../scalars.ts'

export type SearchResult = {
  kind: 'TRANSACTION' | 'BLOCK' | 'MINI_BLOCK' | 'ACCOUNT' | 'TOKEN'
  key: string
}

const MAX_NAME_MATCHES = 10

/**
 * What a search box string names: a 32-byte hash (transaction, then block), an
 * address (token, then account), a number (block, then mini-block), or else a
 * token name or symbol prefix. Only things that exist are returned.
 */
export async function search(sql: SqlExecutor, query: string): Promise<SearchResult[]> {
  const text = query.trim()
  const exists = async (statement: string, param: unknown) =>
    (await sql.query(`select 1 from ${statement} limit 1`, [param])).rows.length > 0
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) {
    const key = text.toLowerCase()
    const hash = hexToBuffer(key)
    const results: SearchResult[] = []
    if (await exists('transactions where hash = $1', hash)) results.push({ kind: 'TRANSACTION', key })
    if (await exists('blocks where hash = $1', hash)) results.push({ kind: 'BLOCK', key })
    return results
  }
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) {
    const key = text.toLowerCase()
    const address = hexToBuffer(key)
    const results: SearchResult[] = []
    if (await exists('tokens where address = $1', address)) results.push({ kind: 'TOKEN', key })
    if (await exists('accounts where address = $1', address)) results.push({ kind: 'ACCOUNT', key })
    return results
  }
  if (/^[0-9]{1,19}$/.test(text)) {
    const key = BigInt(text).toString()
    const results: SearchResult[] = []
    if (await exists('blocks where number = $1', key)) results.push({ kind: 'BLOCK', key })
    if (await exists('mini_blocks where number = $1', key)) results.push({ kind: 'MINI_BLOCK', key })
    return results
  }
  if (text.length === 0 || text.length > 64) return []
  const pattern = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const { rows } = await sql.query<{ address: Uint8Array }>(
    `select address from tokens where symbol ilike $1 or name ilike $1 order by transfer_count desc limit ${MAX_NAME_MATCHES}`,
    [pattern],
  )
  return rows.map((row) => ({ kind: 'TOKEN', key: `0x${Buffer.from(row.address).toString('hex')}` }))
}
