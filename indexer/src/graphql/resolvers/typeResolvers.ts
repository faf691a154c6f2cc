import type { ApiContext } from '../ApiContext.ts'
import type {
  AccountModel,
  BlockModel,
  MetaModel,
  MiniBlockModel,
  TokenBalanceModel,
  TokenModel,
  TokenTransferModel,
  TransactionModel,
} from '../models.ts'
import type { PageArgs } from '../pagination.ts'
import { toHex } from '../scalars.ts'
import {
  listMiniBlocks,
  listTokenBalances,
  listTokenTransfers,
  listTransactions,
  type NestedIn,
} from './lists.ts'

const nestedIn = (field: string, column: string, parent: bigint): NestedIn => ({
  field,
  column,
  cast: 'bigint',
  key: parent.toString(),
})

async function finalizedBlock(model: { finalizedBlock?: bigint }, ctx: ApiContext): Promise<bigint> {
  return model.finalizedBlock ?? (await ctx.loaders.finalizedBlock())
}

/**
 * Resolvers of the object types' computed and nested fields. Plain fields
 * resolve from the models by name. Contents of a block or mini-block list
 * oldest first; an account's history newest first.
 */
export const typeResolvers = {
  Block: {
    finalized: async (block: BlockModel, _: unknown, ctx: ApiContext) =>
      block.number <= (await finalizedBlock(block, ctx)),
    miniBlocks: (block: BlockModel, args: PageArgs, ctx: ApiContext) =>
      listMiniBlocks(ctx, {}, args, 'ASC', nestedIn('Block.miniBlocks', 'mb.block_number', block.number)),
    transactions: (block: BlockModel, args: PageArgs, ctx: ApiContext) =>
      listTransactions(ctx, {}, args, 'ASC', nestedIn('Block.transactions', 't.block_number', block.number)),
  },
  MiniBlock: {
    transactions: (miniBlock: MiniBlockModel, args: PageArgs, ctx: ApiContext) =>
      listTransactions(
        ctx,
        {},
        args,
        'ASC',
        nestedIn('MiniBlock.transactions', 't.mini_block_number', miniBlock.number),
      ),
  },
  Transaction: {
    fee: (tx: TransactionModel) => tx.gasUsed * tx.effectiveGasPrice,
    async stage(tx: TransactionModel, _: unknown, ctx: ApiContext) {
      if (tx.blockHash === null) return 'PRECONFIRMED'
      return tx.blockNumber <= (await finalizedBlock(tx, ctx)) ? 'FINALIZED' : 'SEALED'
    },
    logs: (tx: TransactionModel, _: unknown, ctx: ApiContext) =>
      tx.logs ?? ctx.loaders.logsOfTransaction(tx.hash),
    tokenTransfers: (tx: TransactionModel, _: unknown, ctx: ApiContext) =>
      tx.tokenTransfers ?? ctx.loaders.tokenTransfersOfTransaction(tx.hash),
  },
  Account: {
    token: (account: AccountModel, _: unknown, ctx: ApiContext) => ctx.loaders.token(account.address),
    transactions: (account: AccountModel, args: PageArgs, ctx: ApiContext) =>
      listTransactions(ctx, { address: toHex(account.address) }, args, 'DESC'),
    tokenBalances: (account: AccountModel, args: PageArgs, ctx: ApiContext) =>
      listTokenBalances(ctx, { holder: toHex(account.address) }, args),
    tokenTransfers: (account: AccountModel, args: PageArgs, ctx: ApiContext) =>
      listTokenTransfers(ctx, { address: toHex(account.address) }, args),
  },
  Token: {
    holders: (token: TokenModel, args: PageArgs, ctx: ApiContext) =>
      listTokenBalances(ctx, { token: toHex(token.address) }, args),
    transfers: (token: TokenModel, args: PageArgs, ctx: ApiContext) =>
      listTokenTransfers(ctx, { token: toHex(token.address) }, args),
  },
  TokenTransfer: {
    token: (transfer: TokenTransferModel, _: unknown, ctx: ApiContext) =>
      ctx.loaders.token(transfer.tokenAddress),
  },
  TokenBalance: {
    token: (balance: TokenBalanceModel, _: unknown, ctx: ApiContext) =>
      ctx.loaders.token(balance.tokenAddress),
  },
  Meta: {
    lagMs: (_: MetaModel, __: unknown, ctx: ApiContext) => ctx.hub.lag().ms,
    lagEvents: (_: MetaModel, __: unknown, ctx: ApiContext) => ctx.hub.lag().events,
  },
}
