import type { ApiContext } from '../ApiContext.ts'
import { badInput } from '../errors.ts'
import type { PageArgs } from '../pagination.ts'
import {
  ACCOUNT_SELECT,
  BLOCK_SELECT,
  MINI_BLOCK_SELECT,
  TOKEN_SELECT,
  TRANSACTION_SELECT,
  toAccount,
  toBlock,
  toMiniBlock,
  toToken,
  toTransaction,
} from '../rows.ts'
import { hexToBuffer } from '../scalars.ts'
import {
  type LogFilter,
  listBlocks,
  listLogs,
  listMiniBlocks,
  listTokenBalances,
  listTokens,
  listTokenTransfers,
  listTransactions,
  type TokenTransferFilter,
  type TransactionFilter,
} from './lists.ts'
import { readMeta } from './readMeta.ts'
import { readStats } from './readStats.ts'
import { search } from './search.ts'

async function one<M>(
  ctx: ApiContext,
  text: string,
  params: unknown[],
  map: (row: Record<string, unknown>) => M,
) {
  const { rows } = await ctx.sql.query<Record<string, unknown>>(text, params)
  return rows.length > 0 ? map(rows[0]) : null
}

/** The `Query` type's resolvers (arguments arrive already parsed by the scalars). */
export const queryResolvers = {
  block(_: unknown, args: { number?: bigint | null; hash?: string | null }, ctx: ApiContext) {
    if (args.hash !== null && args.hash !== undefined && args.hash.length !== 66) {
      throw badInput(`hash must be 32 bytes, got ${(args.hash.length - 2) / 2}`)
    }
    const where: string[] = []
    const params: unknown[] = []
    if (args.number !== null && args.number !== undefined) {
      params.push(args.number.toString())
      where.push(`b.number = $${params.length}`)
    }
    if (args.hash) {
      params.push(hexToBuffer(args.hash))
      where.push(`b.hash = $${params.length}`)
    }
    if (where.length === 0) throw badInput('block needs a number or a hash')
    return one(ctx, `${BLOCK_SELECT} where ${where.join(' and ')}`, params, toBlock)
  },
  blocks: (_: unknown, args: PageArgs, ctx: ApiContext) => listBlocks(ctx, args),
  miniBlock: (_: unknown, args: { number: bigint }, ctx: ApiContext) =>
    one(ctx, `${MINI_BLOCK_SELECT} where mb.number = $1`, [args.number.toString()], toMiniBlock),
  miniBlocks: (_: unknown, args: PageArgs & { blockNumber?: bigint | null }, ctx: ApiContext) =>
    listMiniBlocks(ctx, args, args),
  transaction(_: unknown, args: { hash: string }, ctx: ApiContext) {
    if (args.hash.length !== 66) throw badInput(`hash must be 32 bytes, got ${(args.hash.length - 2) / 2}`)
    return one(ctx, `${TRANSACTION_SELECT} where t.hash = $1`, [hexToBuffer(args.hash)], toTransaction)
  },
  transactions: (_: unknown, args: PageArgs & TransactionFilter, ctx: ApiContext) =>
    listTransactions(ctx, args, args),
  account: (_: unknown, args: { address: string }, ctx: ApiContext) =>
    one(ctx, `${ACCOUNT_SELECT} where a.address = $1`, [hexToBuffer(args.address)], toAccount),
  logs: (_: unknown, args: PageArgs & LogFilter, ctx: ApiContext) => listLogs(ctx, args, args),
  token: (_: unknown, args: { address: string }, ctx: ApiContext) =>
    one(ctx, `${TOKEN_SELECT} where tk.address = $1`, [hexToBuffer(args.address)], toToken),
  tokens: (_: unknown, args: PageArgs & { standard?: 'ERC20' | 'ERC721' | null }, ctx: ApiContext) =>
    listTokens(ctx, args, args),
  tokenTransfers: (_: unknown, args: PageArgs & TokenTransferFilter, ctx: ApiContext) =>
    listTokenTransfers(ctx, args, args),
  holders: (_: unknown, args: PageArgs & { token: string }, ctx: ApiContext) =>
    listTokenBalances(ctx, { token: args.token }, args),
  stats: (_: unknown, args: { windowSeconds: number; bucketSeconds: number }, ctx: ApiContext) =>
    readStats(ctx.sql, args.windowSeconds, args.bucketSeconds, Date.now()),
  search: (_: unknown, args: { query: string }, ctx: ApiContext) => search(ctx.sql, args.query),
  _meta: (_: unknown, __: unknown, ctx: ApiContext) => readMeta(ctx.sql),
}
