import { bytesToHex } from 'viem'
import { insertRows } from '../database/insertRows.ts'
import type { SqlExecutor } from '../database/SqlDatabase.ts'
import type { IndexedTokenTransfer } from '../follower/CommittedBatch.ts'
import { queryValues } from '../writer/queryValues.ts'
import { aggregateTokenTransfers, type BalanceDelta } from './aggregateTokenTransfers.ts'

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
 * Writes a batch's token transfers inside its database transaction: the
 * transfer rows, then — folded per batch, one statement per table — new tokens
 * and transfer counts, balances, holder counts and ERC-721 owners. Resolves
 * with the addresses of the tokens this batch saw for the first time.
 *
 * Holder counts stay exact across batches without reading balances first: the
 * balance upsert returns each new balance, and new − net delta is the old one,
 * so a holder is counted when its balance leaves zero and uncounted when it
 * returns there. Rows whose balance returns to zero are deleted, so
 * `token_balances` holds exactly the counted holders.
 */
export async function writeTokenTransfers(
  tx: SqlExecutor,
  transfers: readonly IndexedTokenTransfer[],
): Promise<Uint8Array[]> {
  if (transfers.length === 0) return []
  await insertRows(tx, 'token_transfers', TRANSFER_COLUMNS, transfers.map(transferRow))
  const aggregate = aggregateTokenTransfers(transfers)

  const tokenRows = Array.from(aggregate.tokens.values(), (t) => [
    t.address,
    t.standard,
    t.firstBlock,
    t.transferCount,
    0,
  ])
  const upserted = await queryValues<{ address: Uint8Array; inserted: boolean }>(
    tx,
    tokenRows,
    ['bytea', 'text', 'bigint', 'bigint', 'bigint'],
    (values) =>
      `insert into tokens (address, standard, first_block, transfer_count, holder_count) values ${values}
       on conflict (address) do update set transfer_count = tokens.transfer_count + excluded.transfer_count
       returning address, (xmax = 0) as inserted`,
  )
  const created = upserted.filter((row) => row.inserted).map((row) => new Uint8Array(row.address))

  const holderChanges = await writeBalances(tx, Array.from(aggregate.balances.values()))
  await queryValues(
    tx,
    Array.from(holderChanges, ([token, change]) => [Buffer.from(token.slice(2), 'hex'), change]),
    ['bytea', 'bigint'],
    (values) =>
      `update tokens set holder_count = tokens.holder_count + v.change from (values ${values}) as v(address, change)
       where tokens.address = v.address`,
  )

  const owners = Array.from(aggregate.nftOwners.values())
  const owned = owners.filter((o) => o.owner !== undefined)
  await queryValues(
    tx,
    owned.map((o) => [o.token, o.tokenId.toString(), o.owner]),
    ['bytea', 'numeric', 'bytea'],
    (values) =>
      `insert into nft_owners (token, token_id, owner) values ${values}
       on conflict (token, token_id) do update set owner = excluded.owner`,
  )
  const burned = owners.filter((o) => o.owner === undefined)
  await queryValues(
    tx,
    burned.map((o) => [o.token, o.tokenId.toString()]),
    ['bytea', 'numeric'],
    (values) => `delete from nft_owners where (token, token_id) in (values ${values})`,
  )
  return created
}

/** Applies the net deltas; resolves with each token's change in holder count (nonzero only). */
async function writeBalances(tx: SqlExecutor, deltas: BalanceDelta[]): Promise<Map<string, number>> {
  const byKey = new Map(deltas.map((d) => [`${bytesToHex(d.token)}:${bytesToHex(d.holder)}`, d]))
  const updated = await queryValues<{ token: Uint8Array; holder: Uint8Array; balance: string }>(
    tx,
    deltas.map((d) => [d.token, d.holder, d.delta.toString(), d.miniBlock]),
    ['bytea', 'bytea', 'numeric', 'bigint'],
    (values) =>
      `insert into token_balances (token, holder, balance, updated_mini_block) values ${values}
       on conflict (token, holder) do update set balance = token_balances.balance + excluded.balance,
         updated_mini_block = excluded.updated_mini_block
       returning token, holder, balance::text as balance`,
  )
  const changes = new Map<string, number>()
  const emptied = new Set<string>()
  for (const row of updated) {
    const token = bytesToHex(row.token)
    const delta = byKey.get(`${token}:${bytesToHex(row.holder)}`)?.delta ?? 0n
    const after = BigInt(row.balance)
    const before = after - delta
    const change = (after !== 0n ? 1 : 0) - (before !== 0n ? 1 : 0)
    if (change !== 0) changes.set(token, (changes.get(token) ?? 0) + change)
    if (after === 0n) emptied.add(token)
  }
  await queryValues(
    tx,
    Array.from(emptied, (token) => [Buffer.from(token.slice(2), 'hex')]),
    ['bytea'],
    (values) => `delete from token_balances where token in (values ${values}) and balance = 0`,
  )
  return changes
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
