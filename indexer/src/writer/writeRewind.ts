import type { StreamEvent } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import type { SqlDatabase, SqlExecutor } from '../database/SqlDatabase.ts'
import { IndexerSequenceError } from '../errors.ts'
import type { CommittedBatch } from '../follower/CommittedBatch.ts'
import { queryValues } from './queryValues.ts'

type RewindEvent = Extract<StreamEvent, { kind: 'rewind' }>

const ZERO_ADDRESS = new Uint8Array(20)

/**
 * Applies a `rewind` (devnet `evm_revert`) in one database transaction: every
 * row above the block rewound to is deleted, the aggregates they fed —
 * account transaction counts, token balances, holder and transfer counts,
 * NFT owners — are recomputed from what remains, account balances and nonces
 * take the rewind's values, and the cursor moves past it.
 */
export async function writeRewind(
  db: SqlDatabase,
  committedSeq: bigint,
  event: RewindEvent,
): Promise<CommittedBatch> {
  if (event.seq !== committedSeq + 1n) throw new IndexerSequenceError(committedSeq + 1n, event.seq)
  const { block, miniBlockNumber, stateDiff } = event.rewind
  const above = block.header.number
  return db.transaction(async (tx) => {
    await uncountTransactions(tx, above)
    const { rows: touched } = await tx.query<{ token: Uint8Array }>(
      'select distinct token from token_transfers where block_number > $1',
      [above],
    )
    await tx.query('delete from token_transfers where block_number > $1', [above])
    await tx.query('delete from logs where block_number > $1', [above])
    const abandoned = 'select hash from transactions where block_number > $1'
    await tx.query(`delete from contracts where creation_transaction in (${abandoned})`, [above])
    await tx.query(`delete from receipts where transaction_hash in (${abandoned})`, [above])
    await tx.query('delete from transactions where block_number > $1', [above])
    await tx.query('delete from mini_blocks where number > $1', [miniBlockNumber])
    await tx.query('delete from blocks where number > $1', [above])
    await recountTokens(
      tx,
      touched.map((row) => new Uint8Array(row.token)),
    )
    await queryValues(
      tx,
      stateDiff.accounts.map((a) => [a.address, a.balance.toString(), a.nonce.toString(), miniBlockNumber]),
      ['bytea', 'numeric', 'numeric', 'bigint'],
      (values) =>
        `update accounts set balance = v.balance, nonce = v.nonce, updated_mini_block = v.mini_block
         from (values ${values}) as v(address, balance, nonce, mini_block) where accounts.address = v.address`,
    )
    // Accounts the abandoned blocks created go, unless they still count a transaction.
    await queryValues(
      tx,
      stateDiff.accounts.filter((a) => a.deleted).map((a) => [a.address]),
      ['bytea'],
      (values) =>
        `delete from accounts where transaction_count = 0
         and address in (select v.address from (values ${values}) as v(address))`,
    )
    const { rows: cursor } = await tx.query<{ finalized: string }>(
      'update cursor set seq = $1, finalized_block = least(finalized_block, $2) where id = 1 returning finalized_block::text as finalized',
      [event.seq, above],
    )
    return {
      fromSeq: event.seq,
      toSeq: event.seq,
      events: [event],
      miniBlocks: [],
      blocks: [],
      logs: [],
      tokenTransfers: [],
      newTokens: [],
      finalizedBlock: BigInt(cursor[0].finalized),
    }
  })
}

/** Takes the abandoned transactions off their accounts' counts (sender, recipient, created contract). */
async function uncountTransactions(tx: SqlExecutor, above: bigint): Promise<void> {
  const { rows } = await tx.query<{ from: Uint8Array; to: Uint8Array | null; created: Uint8Array | null }>(
    `select t."from" as from, t."to" as to, r.contract_address as created
     from transactions t left join receipts r on r.transaction_hash = t.hash where t.block_number > $1`,
    [above],
  )
  const counts = new Map<string, { address: Uint8Array; count: number }>()
  for (const row of rows) {
    const involved = new Map<string, Uint8Array>()
    for (const address of [row.from, row.to, row.created]) {
      if (address) involved.set(bytesToHex(new Uint8Array(address)), new Uint8Array(address))
    }
    for (const [key, address] of involved) {
      const entry = counts.get(key)
      if (entry) entry.count++
      else counts.set(key, { address, count: 1 })
    }
  }
  await queryValues(
    tx,
    Array.from(counts.values(), (c) => [c.address, c.count]),
    ['bytea', 'bigint'],
    (values) =>
      `update accounts set transaction_count = accounts.transaction_count - v.count
       from (values ${values}) as v(address, count) where accounts.address = v.address`,
  )
}

/**
 * Balances, holder and transfer counts and NFT owners of `tokens`, rebuilt
 * from their remaining transfers; a token left with none is forgotten.
 */
async function recountTokens(tx: SqlExecutor, tokens: Uint8Array[]): Promise<void> {
  const list = tokens.map((token) => [token])
  const each = (statement: (affected: string) => string) =>
    queryValues(tx, list, ['bytea'], (values) =>
      statement(`(select v.token from (values ${values}) as v(token))`),
    )
  await each((affected) => `delete from token_balances where token in ${affected}`)
  await each((affected) => `delete from nft_owners where token in ${affected}`)
  await each(
    (affected) =>
      `insert into token_balances (token, holder, balance, updated_mini_block)
       select token, holder, sum(delta), max(mini_block) from (
         select token, "to" as holder, value as delta, mini_block_number as mini_block from token_transfers
           where token in ${affected} and "to" <> '\\x${hex(ZERO_ADDRESS)}'::bytea
         union all
         select token, "from", -value, mini_block_number from token_transfers
           where token in ${affected} and "from" <> '\\x${hex(ZERO_ADDRESS)}'::bytea
       ) moves group by token, holder having sum(delta) <> 0`,
  )
  await each(
    (affected) =>
      `insert into nft_owners (token, token_id, owner)
       select distinct on (token, token_id) token, token_id, "to" from token_transfers
       where token in ${affected} and token_id is not null
       order by token, token_id, block_number desc, log_index desc`,
  )
  await tx.query(`delete from nft_owners where owner = '\\x${hex(ZERO_ADDRESS)}'::bytea`)
  await each(
    (affected) =>
      `update tokens set
         transfer_count = (select count(*) from token_transfers t where t.token = tokens.address),
         holder_count = (select count(*) from token_balances b where b.token = tokens.address)
       where address in ${affected}`,
  )
  await each((affected) => `delete from tokens where address in ${affected} and transfer_count = 0`)
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
