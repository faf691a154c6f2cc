import type { Block, StreamEvent } from '@rtevm/protocol'
import { insertRows } from '../database/insertRows.ts'
import type { SqlDatabase, SqlExecutor } from '../database/SqlDatabase.ts'
import { IndexerSequenceError } from '../errors.ts'
import type { CommittedBatch, IndexedLog } from '../follower/CommittedBatch.ts'
import type { ModuleDispatcher } from '../modules/createModuleDispatcher.ts'
import { writeTokenTransfers } from '../tokens/writeTokenTransfers.ts'
import { collectBatchRows } from './collectBatchRows.ts'
import { findInnerContracts } from './findInnerContracts.ts'

const MINI_BLOCK_COLUMNS = [
  'number',
  'block_number',
  'index_in_block',
  'first_tx_index',
  'timestamp_us',
  'gas_used',
  'transaction_count',
  'seq',
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
}

/**
 * Writes `events` (contiguous, starting right after `committedSeq`) and moves
 * the cursor to the last one, all in one database transaction: a crash keeps
 * either the whole batch and its cursor or neither. The same holds for token
 * rows and for what module handlers write. Resolves, once committed, with
 * what was written.
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
    const rows = collectBatchRows(events, await continuedLogIndexes(tx, events))
    await insertRows(tx, 'mini_blocks', MINI_BLOCK_COLUMNS, rows.miniBlocks)
    await insertRows(tx, 'transactions', TRANSACTION_COLUMNS, rows.transactions)
    await insertRows(tx, 'receipts', RECEIPT_COLUMNS, rows.receipts)
    await insertRows(tx, 'logs', LOG_COLUMNS, rows.logs.map(logRow))
    const inner = await findInnerContracts(tx, rows.miniBlockEvents)
    const contractRows = [...rows.contracts, ...inner.map((c) => [c.address, c.creator, c.transaction])]
    // A later creation at the same address (CREATE2 after a same-transaction self-destruct) wins.
    await insertRows(
      tx,
      'contracts',
      ['address', 'creator', 'creation_transaction'],
      contractRows,
      'on conflict (address) do update set creator = excluded.creator, creation_transaction = excluded.creation_transaction',
    )
    const states = Array.from(rows.accountStates.values(), (a) => [
      a.address,
      a.balance.toString(),
      a.nonce.toString(),
      0,
      a.miniBlock,
    ])
    await insertRows(
      tx,
      'accounts',
      ACCOUNT_COLUMNS,
      states,
      'on conflict (address) do update set balance = excluded.balance, nonce = excluded.nonce, updated_mini_block = excluded.updated_mini_block',
    )
    const counts = Array.from(rows.accountTxCounts.values(), (a) => [a.address, '0', '0', a.count, 0])
    await insertRows(
      tx,
      'accounts',
      ACCOUNT_COLUMNS,
      counts,
      'on conflict (address) do update set transaction_count = accounts.transaction_count + excluded.transaction_count',
    )
    await writeBlocks(tx, rows.blocks, rows.blockSeqs)
    const newTokens = await writeTokenTransfers(tx, rows.tokenTransfers)
    await options.modules?.dispatch(tx, rows.logs)
    const { rows: cursor } = await tx.query<{ finalized: string }>(
      'update cursor set seq = $1, finalized_block = greatest(finalized_block, $2) where id = 1 returning finalized_block::text as finalized',
      [lastSeq, rows.finalizedBlock ?? 0n],
    )
    return {
      fromSeq: events[0].seq,
      toSeq: lastSeq,
      events,
      miniBlocks: rows.miniBlockEvents,
      blocks: rows.blocks,
      logs: rows.logs,
      tokenTransfers: rows.tokenTransfers,
      newTokens,
      finalizedBlock: BigInt(cursor[0].finalized),
    }
  })
}

function logRow(log: IndexedLog): unknown[] {
  const topics = [0, 1, 2, 3].map((t) => log.topics[t] ?? null)
  const { blockNumber, logIndex, transactionHash, transactionIndex, miniBlockNumber, address, data } = log
  return [blockNumber, logIndex, transactionHash, transactionIndex, miniBlockNumber, address, ...topics, data]
}

/** For each block whose first mini-block in this batch is not its first overall: the next log index stored. */
async function continuedLogIndexes(
  tx: SqlExecutor,
  events: readonly StreamEvent[],
): Promise<Map<bigint, number>> {
  const continued = new Map<bigint, number>()
  const seen = new Set<bigint>()
  for (const event of events) {
    if (event.kind !== 'miniBlock' || seen.has(event.miniBlock.blockNumber)) continue
    seen.add(event.miniBlock.blockNumber)
    if (event.miniBlock.indexInBlock === 0) continue
    const { rows } = await tx.query<{ next: number }>(
      'select coalesce(max(log_index) + 1, 0)::integer as next from logs where block_number = $1',
      [event.miniBlock.blockNumber],
    )
    continued.set(event.miniBlock.blockNumber, rows[0].next)
  }
  return continued
}

async function writeBlocks(tx: SqlExecutor, blocks: readonly Block[], seqs: bigint[]): Promise<void> {
  const rows = blocks.map((block, i) => {
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
  await insertRows(tx, 'blocks', BLOCK_COLUMNS, rows)
  for (const block of blocks) {
    const params = [block.hash, block.header.number]
    await tx.query('update mini_blocks set block_hash = $1 where block_number = $2', params)
    await tx.query('update transactions set block_hash = $1 where block_number = $2', params)
  }
}
