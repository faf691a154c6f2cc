import type { Block, StreamEvent } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import type { SqlDatabase, SqlExecutor } from '../database/SqlDatabase.ts'
import { columnList, unnestSelect } from '../database/unnestSelect.ts'
import { IndexerSequenceError } from '../errors.ts'
import type { CommittedBatch, IndexedLog } from '../follower/CommittedBatch.ts'
import type { ModuleDispatcher } from '../modules/createModuleDispatcher.ts'
import { writeTokenTransfers } from '../tokens/writeTokenTransfers.ts'
import { type BatchRows, collectBatchRows } from './collectBatchRows.ts'
import { findInnerContracts, type InnerContract } from './findInnerContracts.ts'

const MINI_BLOCK_COLUMNS = [
  'number',
  'block_number',
  'index_in_block',
  'first_tx_index',
  'timestamp_us',
  'gas_used',
  'transaction_count',
  'seq',
  'block_hash',
]
const TRANSACTION_COLUMNS = [
  'hash',
  'block_number',
  'mini_block_number',
  'transaction_index',
  'type',
  'from',
  'to',
  'nonce',
  'value',
  'gas_limit',
  'gas_price',
  'max_fee_per_gas',
  'max_priority_fee_per_gas',
  'input',
  'block_hash',
]
const RECEIPT_COLUMNS = [
  'transaction_hash',
  'status',
  'gas_used',
  'cumulative_gas_used',
  'effective_gas_price',
  'contract_address',
  'revert_data',
]
const LOG_COLUMNS = [
  'block_number',
  'log_index',
  'transaction_hash',
  'transaction_index',
  'mini_block_number',
  'address',
  'topic0',
  'topic1',
  'topic2',
  'topic3',
  'data',
]
const ACCOUNT_COLUMNS = ['address', 'balance', 'nonce', 'transaction_count', 'updated_mini_block']
const CONTRACT_COLUMNS = ['address', 'creator', 'creation_transaction']
const BLOCK_COLUMNS = [
  'number',
  'hash',
  'parent_hash',
  'timestamp',
  'gas_limit',
  'gas_used',
  'base_fee_per_gas',
  'state_root',
  'transactions_root',
  'receipts_root',
  'logs_bloom',
  'coinbase',
  'mini_block_count',
  'first_mini_block',
  'transaction_count',
  'seq',
]

export type WriteBatchOptions = {
  /** Custom modules' handlers, run after the core rows in the same transaction. */
  modules?: ModuleDispatcher
  /**
   * The next log index of `block` as committed, when the caller knows it
   * (see `createLogIndexTracker`); otherwise it is read from `logs`.
   */
  knownLogIndex?: (block: bigint) => number | undefined
}

/**
 * Writes `events` (contiguous, starting right after `committedSeq`) and moves
 * the cursor to the last one, all in one database transaction: a crash keeps
 * either the whole batch and its cursor or neither. The same holds for token
 * rows and for what module handlers write. Resolves, once committed, with
 * what was written.
 *
 * Statements per batch are few whatever its size, since each costs a parse,
 * a plan and a round trip (on PGlite, most of the indexer's CPU): the core
 * rows and the cursor go in one statement of data-modifying CTEs, the token
 * rows in one more (`writeTokenTransfers`).
 */
export async function writeBatch(
  db: SqlDatabase,
  committedSeq: bigint,
  events: readonly StreamEvent[],
  options: WriteBatchOptions = {},
): Promise<CommittedBatch> {
  events.forEach((event, i) => {
    const expected = committedSeq + 1n + BigInt(i)
    if (event.seq !== expected) throw new IndexerSequenceError(expected, event.seq)
  })
  const lastSeq = events[events.length - 1].seq
  return db.transaction(async (tx) => {
    const rows = collectBatchRows(events, await continuedLogIndexes(tx, events, options.knownLogIndex))
    // Reads nonces before the batch from `accounts`: before the core statement writes them.
    const inner = await findInnerContracts(tx, rows.miniBlockEvents)
    const finalizedBlock = await writeCoreRows(tx, rows, inner, lastSeq)
    const newTokens = await writeTokenTransfers(tx, rows.tokenTransfers)
    await options.modules?.dispatch(tx, rows.logs)
    return {
      fromSeq: events[0].seq,
      toSeq: lastSeq,
      events,
      miniBlocks: rows.miniBlockEvents,
      blocks: rows.blocks,
      logs: rows.logs,
      tokenTransfers: rows.tokenTransfers,
      newTokens,
      finalizedBlock,
    }
  })
}

/**
 * One statement: every table's rows, the block hashes of earlier batches'
 * mini-blocks and transactions whose block this batch seals, and the cursor;
 * resolves with the finalized block after it. Sibling CTEs all see the
 * database as it was before the statement, so the hash updates touch only
 * earlier batches' rows (this batch's rows carry their hash already): no row
 * is written twice in the statement, which Postgres does not allow.
 */
async function writeCoreRows(
  tx: SqlExecutor,
  rows: BatchRows,
  inner: readonly InnerContract[],
  lastSeq: bigint,
): Promise<bigint> {
  const params: unknown[] = []
  const insert = async (table: string, columns: readonly string[], values: unknown[][], suffix = '') =>
    `insert into ${table} (${columnList(columns)}) ${await unnestSelect(tx, table, columns, values, params)} ${suffix}`
  // A later creation at the same address (CREATE2 after a same-transaction self-destruct) wins.
  const contracts = new Map<string, unknown[]>()
  for (const row of [...rows.contracts, ...inner.map((c) => [c.address, c.creator, c.transaction])]) {
    contracts.set(bytesToHex(row[0] as Uint8Array), row)
  }
  // A count-only row (no state diff in the batch) keeps the stored state; updated_mini_block 0 marks it.
  const accounts = Array.from(rows.accounts.values(), (a) => [
    a.address,
    (a.state?.balance ?? 0n).toString(),
    (a.state?.nonce ?? 0n).toString(),
    a.transactions,
    a.state?.miniBlock ?? 0n,
  ])
  const sealed = rows.blocks.map((block) => [block.header.number, block.hash])
  const ctes = [
    await insert('mini_blocks', MINI_BLOCK_COLUMNS, rows.miniBlocks),
    await insert('transactions', TRANSACTION_COLUMNS, rows.transactions),
    await insert('receipts', RECEIPT_COLUMNS, rows.receipts),
    await insert('logs', LOG_COLUMNS, rows.logs.map(logRow)),
    await insert(
      'contracts',
      CONTRACT_COLUMNS,
      [...contracts.values()],
      'on conflict (address) do update set creator = excluded.creator, creation_transaction = excluded.creation_transaction',
    ),
    await insert(
      'accounts',
      ACCOUNT_COLUMNS,
      accounts,
      `on conflict (address) do update set
         balance = case when excluded.updated_mini_block > 0 then excluded.balance else accounts.balance end,
         nonce = case when excluded.updated_mini_block > 0 then excluded.nonce else accounts.nonce end,
         updated_mini_block = case when excluded.updated_mini_block > 0 then excluded.updated_mini_block
           else accounts.updated_mini_block end,
         transaction_count = accounts.transaction_count + excluded.transaction_count`,
    ),
    await insert('blocks', BLOCK_COLUMNS, blockRows(rows.blocks, rows.blockSeqs)),
  ]
  const sealedBlocks = await unnestSelect(tx, 'blocks', ['number', 'hash'], sealed, params)
  for (const table of ['mini_blocks', 'transactions']) {
    // A nested loop over the (block_number, …) unique index, generic plan included (checked with EXPLAIN).
    ctes.push(
      `update ${table} set block_hash = sealed.hash from (${sealedBlocks}) as sealed (number, hash)
       where ${table}.block_number = sealed.number`,
    )
  }
  params.push(lastSeq, rows.finalizedBlock ?? 0n)
  const { rows: cursor } = await tx.query<{ finalized: string }>(
    `with ${ctes.map((cte, i) => `w${i} as (${cte})`).join(',\n')}
     update cursor set seq = $${params.length - 1}, finalized_block = greatest(finalized_block, $${params.length})
     where id = 1 returning finalized_block::text as finalized`,
    params,
  )
  return BigInt(cursor[0].finalized)
}

function logRow(log: IndexedLog): unknown[] {
  const topics = [0, 1, 2, 3].map((t) => log.topics[t] ?? null)
  const { blockNumber, logIndex, transactionHash, transactionIndex, miniBlockNumber, address, data } = log
  return [blockNumber, logIndex, transactionHash, transactionIndex, miniBlockNumber, address, ...topics, data]
}

/**
 * For each block whose first mini-block in this batch is not its first
 * overall: the next log index already committed, from `known` or else read.
 */
async function continuedLogIndexes(
  tx: SqlExecutor,
  events: readonly StreamEvent[],
  known: ((block: bigint) => number | undefined) | undefined,
): Promise<Map<bigint, number>> {
  const continued = new Map<bigint, number>()
  const seen = new Set<bigint>()
  for (const event of events) {
    if (event.kind !== 'miniBlock' || seen.has(event.miniBlock.blockNumber)) continue
    const block = event.miniBlock.blockNumber
    seen.add(block)
    if (event.miniBlock.indexInBlock === 0) continue
    let next = known?.(block)
    if (next === undefined) {
      const { rows } = await tx.query<{ next: number }>(
        'select coalesce(max(log_index) + 1, 0)::integer as next from logs where block_number = $1',
        [block],
      )
      next = rows[0].next
    }
    continued.set(block, next)
  }
  return continued
}

function blockRows(blocks: readonly Block[], seqs: bigint[]): unknown[][] {
  return blocks.map((block, i) => {
    const h = block.header
    return [
      h.number,
      block.hash,
      h.parentHash,
      h.timestamp,
      h.gasLimit.toString(),
      h.gasUsed.toString(),
      h.baseFeePerGas.toString(),
      h.stateRoot,
      h.transactionsRoot,
      h.receiptsRoot,
      h.logsBloom,
      h.coinbase,
      block.miniBlockCount,
      block.firstMiniBlock,
      block.transactionHashes.length,
      seqs[i],
    ]
  })
}
