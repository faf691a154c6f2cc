import type {
  AccountModel,
  BlockModel,
  LogModel,
  MiniBlockModel,
  TokenBalanceModel,
  TokenModel,
  TokenTransferModel,
  TransactionModel,
} from './models.ts'

/**
 * SQL select lists and row mappers. Filters and sort keys name columns with
 * the table alias (`b.number`): a bare name in `order by` would mean the
 * `::text` output column and sort as text. Integers wider than 32 bits come
 * back as text (`::text`) so PGlite and node-postgres give the same JS value.
 */
type Row = Record<string, unknown>
const big = (value: unknown) => BigInt(String(value))
const bigOrNull = (value: unknown) => (value === null || value === undefined ? null : BigInt(String(value)))
const bytes = (value: unknown) => value as Uint8Array
const bytesOrNull = (value: unknown) => (value ?? null) as Uint8Array | null

export const BLOCK_SELECT = `select number::text as number, hash, parent_hash, timestamp::text as timestamp,
  gas_limit::text as gas_limit, gas_used::text as gas_used, base_fee_per_gas::text as base_fee_per_gas,
  state_root, transactions_root, receipts_root, logs_bloom, coinbase, mini_block_count,
  first_mini_block::text as first_mini_block, transaction_count from blocks b`

export function toBlock(row: Row): BlockModel {
  return {
    number: big(row.number),
    hash: bytes(row.hash),
    parentHash: bytes(row.parent_hash),
    timestamp: big(row.timestamp),
    gasLimit: big(row.gas_limit),
    gasUsed: big(row.gas_used),
    baseFeePerGas: big(row.base_fee_per_gas),
    stateRoot: bytes(row.state_root),
    transactionsRoot: bytes(row.transactions_root),
    receiptsRoot: bytes(row.receipts_root),
    logsBloom: bytes(row.logs_bloom),
    miner: bytes(row.coinbase),
    miniBlockCount: Number(row.mini_block_count),
    firstMiniBlock: big(row.first_mini_block),
    transactionCount: Number(row.transaction_count),
  }
}

export const MINI_BLOCK_SELECT = `select number::text as number, block_number::text as block_number, block_hash,
  index_in_block, first_tx_index, timestamp_us::text as timestamp_us, gas_used::text as gas_used,
  transaction_count from mini_blocks mb`

export function toMiniBlock(row: Row): MiniBlockModel {
  return {
    number: big(row.number),
    blockNumber: big(row.block_number),
    blockHash: bytesOrNull(row.block_hash),
    indexInBlock: Number(row.index_in_block),
    firstTransactionIndex: Number(row.first_tx_index),
    timestampUs: big(row.timestamp_us),
    gasUsed: big(row.gas_used),
    transactionCount: Number(row.transaction_count),
  }
}

/** Transactions with their receipt and mini-block timestamp; filters use the `t.` columns. */
export const TRANSACTION_SELECT = `select t.hash, t.block_number::text as block_number, t.block_hash,
  t.mini_block_number::text as mini_block_number, t.transaction_index, t.type, t."from", t."to",
  t.nonce::text as nonce, t.value::text as value, t.gas_limit::text as gas_limit, t.gas_price::text as gas_price,
  t.max_fee_per_gas::text as max_fee_per_gas, t.max_priority_fee_per_gas::text as max_priority_fee_per_gas,
  t.input, r.status, r.gas_used::text as gas_used, r.cumulative_gas_used::text as cumulative_gas_used,
  r.effective_gas_price::text as effective_gas_price, r.contract_address, r.revert_data,
  m.timestamp_us::text as timestamp_us
  from transactions t join receipts r on r.transaction_hash = t.hash join mini_blocks m on m.number = t.mini_block_number`

export function toTransaction(row: Row): TransactionModel {
  return {
    hash: bytes(row.hash),
    blockNumber: big(row.block_number),
    blockHash: bytesOrNull(row.block_hash),
    miniBlockNumber: big(row.mini_block_number),
    transactionIndex: Number(row.transaction_index),
    timestampUs: big(row.timestamp_us),
    type: Number(row.type),
    from: bytes(row.from),
    to: bytesOrNull(row.to),
    nonce: big(row.nonce),
    value: big(row.value),
    gasLimit: big(row.gas_limit),
    gasPrice: bigOrNull(row.gas_price),
    maxFeePerGas: bigOrNull(row.max_fee_per_gas),
    maxPriorityFeePerGas: bigOrNull(row.max_priority_fee_per_gas),
    input: bytes(row.input),
    status: Number(row.status),
    gasUsed: big(row.gas_used),
    cumulativeGasUsed: big(row.cumulative_gas_used),
    effectiveGasPrice: big(row.effective_gas_price),
    contractAddress: bytesOrNull(row.contract_address),
    revertData: bytesOrNull(row.revert_data),
  }
}

export const LOG_SELECT = `select l.block_number::text as block_number, l.log_index, l.transaction_hash,
  l.transaction_index, l.mini_block_number::text as mini_block_number, l.address, l.topic0, l.topic1, l.topic2,
  l.topic3, l.data, m.timestamp_us::text as timestamp_us
  from logs l join mini_blocks m on m.number = l.mini_block_number`

export function toLog(row: Row): LogModel {
  const topics = [row.topic0, row.topic1, row.topic2, row.topic3].filter((t) => t !== null && t !== undefined)
  return {
    blockNumber: big(row.block_number),
    logIndex: Number(row.log_index),
    transactionHash: bytes(row.transaction_hash),
    transactionIndex: Number(row.transaction_index),
    miniBlockNumber: big(row.mini_block_number),
    timestampUs: big(row.timestamp_us),
    address: bytes(row.address),
    topics: topics.map(bytes),
    data: bytes(row.data),
  }
}

export const TOKEN_TRANSFER_SELECT = `select x.block_number::text as block_number, x.log_index, x.token,
  x.transaction_hash, x.mini_block_number::text as mini_block_number, x."from", x."to", x.value::text as value,
  x.token_id::text as token_id, m.timestamp_us::text as timestamp_us
  from token_transfers x join mini_blocks m on m.number = x.mini_block_number`

export function toTokenTransfer(row: Row): TokenTransferModel {
  return {
    blockNumber: big(row.block_number),
    logIndex: Number(row.log_index),
    transactionHash: bytes(row.transaction_hash),
    miniBlockNumber: big(row.mini_block_number),
    timestampUs: big(row.timestamp_us),
    tokenAddress: bytes(row.token),
    from: bytes(row.from),
    to: bytes(row.to),
    value: big(row.value),
    tokenId: bigOrNull(row.token_id),
  }
}

export const TOKEN_SELECT = `select address, standard, name, symbol, decimals, first_block::text as first_block,
  transfer_count::text as transfer_count, holder_count::text as holder_count from tokens tk`

export function toToken(row: Row): TokenModel {
  return {
    address: bytes(row.address),
    standard: row.standard === 'erc721' ? 'ERC721' : 'ERC20',
    name: (row.name ?? null) as string | null,
    symbol: (row.symbol ?? null) as string | null,
    decimals: row.decimals === null || row.decimals === undefined ? null : Number(row.decimals),
    firstBlock: big(row.first_block),
    transferCount: big(row.transfer_count),
    holderCount: big(row.holder_count),
  }
}

export const TOKEN_BALANCE_SELECT = 'select token, holder, balance::text as balance from token_balances tb'

export function toTokenBalance(row: Row): TokenBalanceModel {
  return { tokenAddress: bytes(row.token), holder: bytes(row.holder), balance: big(row.balance) }
}

export const ACCOUNT_SELECT = `select a.address, a.balance::text as balance, a.nonce::text as nonce,
  a.transaction_count::text as transaction_count, a.updated_mini_block::text as updated_mini_block,
  c.creator, c.creation_transaction
  from accounts a left join contracts c on c.address = a.address`

export function toAccount(row: Row): AccountModel {
  return {
    address: bytes(row.address),
    balance: big(row.balance),
    nonce: big(row.nonce),
    transactionCount: big(row.transaction_count),
    updatedMiniBlock: big(row.updated_mini_block),
    isContract: row.creator !== null && row.creator !== undefined,
    creator: bytesOrNull(row.creator),
    creationTransaction: bytesOrNull(row.creation_transaction),
  }
}
