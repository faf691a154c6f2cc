import type { SqlExecutor } from '../database/SqlDatabase.ts'
import { columnList, unnestSelect } from '../database/unnestSelect.ts'
import type { IndexedTokenTransfer } from '../follower/CommittedBatch.ts'
import { aggregateTokenTransfers } from './aggregateTokenTransfers.ts'

const TRANSFER_COLUMNS = [
  'block_number',
  'log_index',
  'token',
  'transaction_hash',
  'mini_block_number',
  'from',
  'to',
  'value',
  'token_id',
]

/**
 * Writes a batch's token transfers inside its database transaction, in one
 * statement (a second only when a balance returned to zero): the transfer
 * rows, and — folded per batch, one row per key — new tokens and transfer
 * counts, balances, holder counts and ERC-721 owners. Resolves with the
 * addresses of the tokens this batch saw for the first time.
 *
 * Holder counts stay exact across batches without reading balances first: the
 * balance upsert returns each new balance, and new − net delta is the old one,
 * so a holder is counted when its balance leaves zero and uncounted when it
 * returns there; the token upsert adds each token's change. Rows whose
 * balance returns to zero are deleted, so `token_balances` holds exactly the
 * counted holders.
 */
export async function writeTokenTransfers(
  tx: SqlExecutor,
  transfers: readonly IndexedTokenTransfer[],
): Promise<Uint8Array[]> {
  if (transfers.length === 0) return []
  const aggregate = aggregateTokenTransfers(transfers)
  const owners = Array.from(aggregate.nftOwners.values())
  const params: unknown[] = []
  const select = (table: string, columns: readonly string[], rows: unknown[][]) =>
    unnestSelect(tx, table, columns, rows, params)
  const transferRows = await select('token_transfers', TRANSFER_COLUMNS, transfers.map(transferRow))
  const deltas = await select(
    'token_balances',
    ['token', 'holder', 'balance', 'updated_mini_block'],
    Array.from(aggregate.balances.values(), (d) => [d.token, d.holder, d.delta.toString(), d.miniBlock]),
  )
  const tokens = await select(
    'tokens',
    ['address', 'standard', 'first_block', 'transfer_count'],
    Array.from(aggregate.tokens.values(), (t) => [t.address, t.standard, t.firstBlock, t.transferCount]),
  )
  const owned = await select(
    'nft_owners',
    ['token', 'token_id', 'owner'],
    owners.filter((o) => o.owner !== undefined).map((o) => [o.token, o.tokenId.toString(), o.owner]),
  )
  const burned = await select(
    'nft_owners',
    ['token', 'token_id'],
    owners.filter((o) => o.owner === undefined).map((o) => [o.token, o.tokenId.toString()]),
  )
  const { rows } = await tx.query<{ token: Uint8Array; holder: Uint8Array | null }>(
    `with transfers as (insert into token_transfers (${columnList(TRANSFER_COLUMNS)}) ${transferRows}),
     deltas (token, holder, delta, mini_block) as (${deltas}),
     balances as (
       insert into token_balances (token, holder, balance, updated_mini_block) select * from deltas
       on conflict (token, holder) do update set balance = token_balances.balance + excluded.balance,
         updated_mini_block = excluded.updated_mini_block
       returning token, holder, balance),
     holder_changes as (
       select b.token, sum((b.balance <> 0)::int - ((b.balance - d.delta) <> 0)::int) as change
       from balances b join deltas d on d.token = b.token and d.holder = b.holder group by b.token),
     upserted as (
       insert into tokens (address, standard, first_block, transfer_count, holder_count)
       select t.address, t.standard, t.first_block, t.transfer_count, coalesce(h.change, 0)
       from (${tokens}) as t (address, standard, first_block, transfer_count)
       left join holder_changes h on h.token = t.address
       on conflict (address) do update set transfer_count = tokens.transfer_count + excluded.transfer_count,
         holder_count = tokens.holder_count + excluded.holder_count
       returning address, (xmax = 0) as inserted),
     owned as (
       insert into nft_owners (token, token_id, owner) ${owned}
       on conflict (token, token_id) do update set owner = excluded.owner),
     burned as (delete from nft_owners where (token, token_id) in (${burned}))
     select address as token, null::bytea as holder from upserted where inserted
     union all select token, holder from balances where balance = 0`,
    params,
  )
  const created = rows.filter((row) => row.holder === null).map((row) => new Uint8Array(row.token))
  const emptied = rows.filter((row) => row.holder !== null)
  if (emptied.length > 0) {
    // A separate statement: the upsert above wrote these rows, which a sibling CTE cannot delete.
    const at: unknown[] = []
    const keys = await unnestSelect(
      tx,
      'token_balances',
      ['token', 'holder'],
      emptied.map((row) => [row.token, row.holder]),
      at,
    )
    await tx.query(`delete from token_balances where (token, holder) in (${keys}) and balance = 0`, at)
  }
  return created
}

function transferRow(transfer: IndexedTokenTransfer): unknown[] {
  const { log } = transfer
  return [
    log.blockNumber,
    log.logIndex,
    transfer.token,
    log.transactionHash,
    log.miniBlockNumber,
    transfer.from,
    transfer.to,
    transfer.value.toString(),
    transfer.tokenId?.toString() ?? null,
  ]
}
