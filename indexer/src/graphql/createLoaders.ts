import type { SqlExecutor } from '../database/SqlDatabase.ts'
import type { Connection, LogModel, TokenModel, TokenTransferModel } from './models.ts'
import { LOG_SELECT, TOKEN_SELECT, TOKEN_TRANSFER_SELECT, toLog, toToken, toTokenTransfer } from './rows.ts'
import { hexToBuffer, toHex } from './scalars.ts'

/**
 * Collects the keys asked for during one turn of the event loop (a list's
 * items resolve their fields together) and loads them with one query. Nothing
 * is cached past that turn, so a long-lived subscription context never serves
 * stale rows.
 */
function createBatchLoader<V>(load: (keys: string[]) => Promise<Map<string, V>>, missing: V) {
  let pending: Map<string, Array<{ resolve: (v: V) => void; reject: (e: unknown) => void }>> | undefined
  function dispatch(batch: NonNullable<typeof pending>): void {
    load([...batch.keys()]).then(
      (found) => {
        for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key) ?? missing)
      },
      (error) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(error)
      },
    )
  }
  return (key: string): Promise<V> =>
    new Promise<V>((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, Array<{ resolve: (v: V) => void; reject: (e: unknown) => void }>>()
        pending = batch
        setImmediate(() => {
          pending = undefined
          dispatch(batch)
        })
      }
      const waiters = pending.get(key)
      if (waiters) waiters.push({ resolve, reject })
      else pending.set(key, [{ resolve, reject }])
    })
}

function placeholders(keys: string[]): { list: string; params: Uint8Array[] } {
  return { list: keys.map((_, i) => `$${i + 1}`).join(', '), params: keys.map(hexToBuffer) }
}

function groupBy<M>(models: M[], keyOf: (m: M) => unknown): Map<string, M[]> {
  const groups = new Map<string, M[]>()
  for (const model of models) {
    const key = toHex(keyOf(model))
    const group = groups.get(key)
    if (group) group.push(model)
    else groups.set(key, [model])
  }
  return groups
}

export type Loaders = ReturnType<typeof createLoaders>

/** Per-request (or per-subscription) loaders for the nested fields that would otherwise query once per item. */
export function createLoaders(sql: SqlExecutor) {
  const finalized = createBatchLoader(async () => {
    const { rows } = await sql.query<{ f: string }>(
      'select finalized_block::text as f from cursor where id = 1',
    )
    return new Map([['cursor', BigInt(rows[0]?.f ?? '0')]])
  }, 0n)
  const logs = createBatchLoader<LogModel[]>(async (hashes) => {
    const { list, params } = placeholders(hashes)
    const { rows } = await sql.query<Record<string, unknown>>(
      `${LOG_SELECT} where l.transaction_hash in (${list}) order by l.block_number, l.log_index`,
      params,
    )
    return groupBy(rows.map(toLog), (log) => log.transactionHash)
  }, [])
  const transfers = createBatchLoader<TokenTransferModel[]>(async (hashes) => {
    const { list, params } = placeholders(hashes)
    const { rows } = await sql.query<Record<string, unknown>>(
      `${TOKEN_TRANSFER_SELECT} where x.transaction_hash in (${list}) order by x.block_number, x.log_index`,
      params,
    )
    return groupBy(rows.map(toTokenTransfer), (transfer) => transfer.transactionHash)
  }, [])
  const tokens = createBatchLoader<TokenModel | null>(async (addresses) => {
    const { list, params } = placeholders(addresses)
    const { rows } = await sql.query<Record<string, unknown>>(
      `${TOKEN_SELECT} where tk.address in (${list})`,
      params,
    )
    return new Map(rows.map((row) => [toHex(row.address), toToken(row)]))
  }, null)
  // One loader per nested list field and arguments (a handful per operation).
  const pageLoaders = new Map<string, (key: string) => Promise<Connection<unknown>>>()
  const EMPTY: Connection<unknown> = { items: [], pageInfo: { endCursor: null, hasNextPage: false } }
  return {
    /** A parent's page of a nested list; `load` fetches the pages of all parents batched with it. */
    page<M>(group: string, key: string, load: (keys: string[]) => Promise<Map<string, Connection<M>>>) {
      let loader = pageLoaders.get(group)
      if (!loader) {
        loader = createBatchLoader<Connection<unknown>>(
          load as (keys: string[]) => Promise<Map<string, Connection<unknown>>>,
          EMPTY,
        )
        pageLoaders.set(group, loader)
      }
      return loader(key) as Promise<Connection<M>>
    },
    finalizedBlock: () => finalized('cursor'),
    logsOfTransaction: (hash: unknown) => logs(toHex(hash)),
    tokenTransfersOfTransaction: (hash: unknown) => transfers(toHex(hash)),
    token: (address: unknown) => tokens(toHex(address)),
  }
}
