import type { ApiContext } from '../ApiContext.ts'
import { badInput } from '../errors.ts'
import type {
  BlockModel,
  Connection,
  LogModel,
  MiniBlockModel,
  TokenBalanceModel,
  TokenModel,
  TokenTransferModel,
  TransactionModel,
} from '../models.ts'
import {
  type OrderDirection,
  type PageArgs,
  type PageQuery,
  paginate,
  paginateEach,
  param,
} from '../pagination.ts'
import {
  BLOCK_SELECT,
  LOG_SELECT,
  MINI_BLOCK_SELECT,
  TOKEN_BALANCE_SELECT,
  TOKEN_SELECT,
  TOKEN_TRANSFER_SELECT,
  TRANSACTION_SELECT,
  toBlock,
  toLog,
  toMiniBlock,
  toToken,
  toTokenBalance,
  toTokenTransfer,
  toTransaction,
} from '../rows.ts'
import { hexToBuffer } from '../scalars.ts'

/** The paginated lists, shared by `Query` fields and nested connection fields. Filters arrive parsed by the scalars. */
type Opt<T> = T | null | undefined
const given = <T>(value: Opt<T>): value is T => value !== null && value !== undefined
const page = (ctx: ApiContext) => ctx.limits.maxPageSize

/**
 * Set when a list is a parent's nested field (`Block.transactions`): the
 * pages of every parent asked for in the same tick load in one statement
 * (`paginateEach`), grouped by field and arguments. `column` is the parent's
 * key in the list's table, so the filter itself leaves the parent out.
 */
export type NestedIn = { field: string; column: string; cast: 'bigint' | 'bytea'; key: string }

function run<M>(ctx: ApiContext, query: PageQuery<M>, nested?: NestedIn): Promise<Connection<M>> {
  if (!nested) return paginate(ctx.sql, query)
  const group = `${nested.field}:${JSON.stringify(query.args)}`
  return ctx.loaders.page(group, nested.key, (keys) =>
    paginateEach(ctx.sql, query, { sql: nested.column, cast: nested.cast }, keys),
  )
}

export function listBlocks(ctx: ApiContext, args: PageArgs): Promise<Connection<BlockModel>> {
  const sort = [{ sql: 'b.number', cast: 'bigint' as const, of: (b: BlockModel) => b.number }]
  return paginate(ctx.sql, { select: BLOCK_SELECT, sort, args, maxPageSize: page(ctx), map: toBlock })
}

export function listMiniBlocks(
  ctx: ApiContext,
  filter: { blockNumber?: Opt<bigint> },
  args: PageArgs,
  defaultDirection?: OrderDirection,
  nested?: NestedIn,
): Promise<Connection<MiniBlockModel>> {
  const params: unknown[] = []
  const where = given(filter.blockNumber)
    ? [`mb.block_number = ${param(params, filter.blockNumber.toString())}`]
    : []
  const sort = [{ sql: 'mb.number', cast: 'bigint' as const, of: (m: MiniBlockModel) => m.number }]
  const map = toMiniBlock
  const query = {
    select: MINI_BLOCK_SELECT,
    where,
    params,
    sort,
    args,
    defaultDirection,
    maxPageSize: page(ctx),
    map,
  }
  return run(ctx, query, nested)
}

export type TransactionFilter = {
  address?: Opt<string>
  from?: Opt<string>
  to?: Opt<string>
  blockNumber?: Opt<bigint>
  miniBlockNumber?: Opt<bigint>
}

export function listTransactions(
  ctx: ApiContext,
  filter: TransactionFilter,
  args: PageArgs,
  defaultDirection?: OrderDirection,
  nested?: NestedIn,
): Promise<Connection<TransactionModel>> {
  const params: unknown[] = []
  const where: string[] = []
  if (given(filter.address)) {
    const a = param(params, hexToBuffer(filter.address))
    where.push(`(t."from" = ${a} or t."to" = ${a} or r.contract_address = ${a})`)
  }
  if (given(filter.from)) where.push(`t."from" = ${param(params, hexToBuffer(filter.from))}`)
  if (given(filter.to)) where.push(`t."to" = ${param(params, hexToBuffer(filter.to))}`)
  if (given(filter.blockNumber))
    where.push(`t.block_number = ${param(params, filter.blockNumber.toString())}`)
  if (given(filter.miniBlockNumber)) {
    where.push(`t.mini_block_number = ${param(params, filter.miniBlockNumber.toString())}`)
  }
  const sort = [
    { sql: 't.block_number', cast: 'bigint' as const, of: (t: TransactionModel) => t.blockNumber },
    { sql: 't.transaction_index', cast: 'integer' as const, of: (t: TransactionModel) => t.transactionIndex },
  ]
  const map = toTransaction
  const query = {
    select: TRANSACTION_SELECT,
    where,
    params,
    sort,
    args,
    defaultDirection,
    maxPageSize: page(ctx),
    map,
  }
  return run(ctx, query, nested)
}

export type LogFilter = {
  address?: Opt<string[]>
  topics?: Opt<Array<Opt<string[]>>>
  fromBlock?: Opt<bigint>
  toBlock?: Opt<bigint>
  transactionHash?: Opt<string>
}

const MAX_FILTER_ALTERNATIVES = 100

export function listLogs(ctx: ApiContext, filter: LogFilter, args: PageArgs): Promise<Connection<LogModel>> {
  const params: unknown[] = []
  const where: string[] = []
  const anyOf = (column: string, values: string[]) =>
    `${column} in (${values.map((v) => param(params, hexToBuffer(v))).join(', ')})`
  if (given(filter.address) && filter.address.length > 0) {
    if (filter.address.length > MAX_FILTER_ALTERNATIVES)
      throw badInput(`at most ${MAX_FILTER_ALTERNATIVES} addresses`)
    where.push(anyOf('l.address', filter.address))
  }
  if (given(filter.topics)) {
    if (filter.topics.length > 4)
      throw badInput(`topics has at most 4 positions, got ${filter.topics.length}`)
    filter.topics.forEach((alternatives, i) => {
      if (!given(alternatives) || alternatives.length === 0) return
      if (alternatives.length > MAX_FILTER_ALTERNATIVES)
        throw badInput(`at most ${MAX_FILTER_ALTERNATIVES} topics per position`)
      where.push(anyOf(`l.topic${i}`, alternatives))
    })
  }
  if (given(filter.fromBlock)) where.push(`l.block_number >= ${param(params, filter.fromBlock.toString())}`)
  if (given(filter.toBlock)) where.push(`l.block_number <= ${param(params, filter.toBlock.toString())}`)
  if (given(filter.transactionHash)) where.push(anyOf('l.transaction_hash', [filter.transactionHash]))
  const sort = [
    { sql: 'l.block_number', cast: 'bigint' as const, of: (l: LogModel) => l.blockNumber },
    { sql: 'l.log_index', cast: 'integer' as const, of: (l: LogModel) => l.logIndex },
  ]
  return paginate(ctx.sql, {
    select: LOG_SELECT,
    where,
    params,
    sort,
    args,
    maxPageSize: page(ctx),
    map: toLog,
  })
}

export function listTokens(
  ctx: ApiContext,
  filter: { standard?: Opt<'ERC20' | 'ERC721'> },
  args: PageArgs,
): Promise<Connection<TokenModel>> {
  const params: unknown[] = []
  const where = given(filter.standard)
    ? [`tk.standard = ${param(params, filter.standard.toLowerCase())}`]
    : []
  const sort = [
    { sql: 'tk.first_block', cast: 'bigint' as const, of: (t: TokenModel) => t.firstBlock },
    { sql: 'tk.address', cast: 'bytea' as const, of: (t: TokenModel) => t.address },
  ]
  return paginate(ctx.sql, {
    select: TOKEN_SELECT,
    where,
    params,
    sort,
    args: { ...args, orderDirection: 'DESC' },
    maxPageSize: page(ctx),
    map: toToken,
  })
}

export type TokenTransferFilter = {
  token?: Opt<string>
  address?: Opt<string>
  transactionHash?: Opt<string>
}

export function listTokenTransfers(
  ctx: ApiContext,
  filter: TokenTransferFilter,
  args: PageArgs,
): Promise<Connection<TokenTransferModel>> {
  const params: unknown[] = []
  const where: string[] = []
  if (given(filter.token)) where.push(`x.token = ${param(params, hexToBuffer(filter.token))}`)
  if (given(filter.address)) {
    const a = param(params, hexToBuffer(filter.address))
    where.push(`(x."from" = ${a} or x."to" = ${a})`)
  }
  if (given(filter.transactionHash)) {
    where.push(`x.transaction_hash = ${param(params, hexToBuffer(filter.transactionHash))}`)
  }
  const sort = [
    { sql: 'x.block_number', cast: 'bigint' as const, of: (t: TokenTransferModel) => t.blockNumber },
    { sql: 'x.log_index', cast: 'integer' as const, of: (t: TokenTransferModel) => t.logIndex },
  ]
  const map = toTokenTransfer
  return paginate(ctx.sql, {
    select: TOKEN_TRANSFER_SELECT,
    where,
    params,
    sort,
    args,
    maxPageSize: page(ctx),
    map,
  })
}

/** Nonzero balances: a token's holders (largest first) or a holder's tokens (by token address). */
export function listTokenBalances(
  ctx: ApiContext,
  filter: { token: string } | { holder: string },
  args: PageArgs,
): Promise<Connection<TokenBalanceModel>> {
  const params: unknown[] = []
  const byToken = 'token' in filter
  const where = [
    byToken
      ? `tb.token = ${param(params, hexToBuffer(filter.token))}`
      : `tb.holder = ${param(params, hexToBuffer(filter.holder))}`,
    'tb.balance > 0',
  ]
  const sort = byToken
    ? [
        { sql: 'tb.balance', cast: 'numeric' as const, of: (b: TokenBalanceModel) => b.balance },
        { sql: 'tb.holder', cast: 'bytea' as const, of: (b: TokenBalanceModel) => b.holder },
      ]
    : [{ sql: 'tb.token', cast: 'bytea' as const, of: (b: TokenBalanceModel) => b.tokenAddress }]
  const orderDirection = byToken ? 'DESC' : 'ASC'
  const map = toTokenBalance
  return paginate(ctx.sql, {
    select: TOKEN_BALANCE_SELECT,
    where,
    params,
    sort,
    args: { ...args, orderDirection },
    maxPageSize: page(ctx),
    map,
  })
}
