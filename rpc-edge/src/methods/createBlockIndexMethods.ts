import type { Block, BlockContext, BlockSource } from '@rtevm/protocol'
import { decodeTransaction, formatReceipt, formatTransaction, quantityHex } from '../format/index.ts'
import type { BlockTag } from '../jsonrpc/index.ts'
import { blockTag, hash32, type MethodTable, method, quantity } from '../jsonrpc/index.ts'
import { openBlock } from './pendingBlock.ts'
import { resolveBlockNumber } from './resolveBlockNumber.ts'

export type BlockIndexMethodsDeps = {
  blocks: BlockSource
  /**
   * The open block's context, as for eth_getBlockByNumber: with it `pending` is the open
   * block as of the newest mini-block (`openBlock`); without it, the newest sealed block.
   */
  pendingContext?: () => BlockContext
}

/**
 * Reads by block and position: transaction counts, receipts of a whole block,
 * transactions by index, and uncles (never any: 0 for a known block, null by index).
 * Blocks are sealed EVM blocks, or for `pending` the open block, as eth_getBlockByNumber.
 */
export function createBlockIndexMethods({ blocks, pendingContext }: BlockIndexMethodsDeps): MethodTable {
  function byTag(tag: BlockTag): Block | undefined {
    if (tag.kind === 'hash') return blocks.getBlockByHash(tag.hash)
    if (pendingContext && tag.kind === 'named' && tag.tag === 'pending')
      return openBlock(blocks, pendingContext()).block
    return blocks.getBlockByNumber(resolveBlockNumber(tag, blocks.head()) ?? 0n)
  }

  const count = (block: Block | undefined) => (block ? quantityHex(block.transactionHashes.length) : null)
  const uncleCount = (block: Block | undefined) => (block ? quantityHex(0) : null)

  function receipts(block: Block | undefined) {
    if (!block) return null
    return block.transactionHashes.flatMap((hash) => {
      const record = blocks.getTransaction(hash)
      return record ? [formatReceipt(record, block.hash, decodeTransaction(record.tx.raw))] : []
    })
  }

  function atIndex(block: Block | undefined, index: bigint) {
    if (!block || index >= BigInt(block.transactionHashes.length)) return null
    const record = blocks.getTransaction(block.transactionHashes[Number(index)])
    return record ? formatTransaction(record, block.hash, block.header.timestamp) : null
  }

  return {
    eth_getBlockTransactionCountByNumber: method([blockTag()], ([tag]) => count(byTag(tag))),
    eth_getBlockTransactionCountByHash: method([hash32('block hash')], ([hash]) =>
      count(blocks.getBlockByHash(hash)),
    ),
    eth_getBlockReceipts: method([blockTag()], ([tag]) => receipts(byTag(tag))),
    eth_getTransactionByBlockNumberAndIndex: method([blockTag(), quantity('index', 64)], ([tag, index]) =>
      atIndex(byTag(tag), index),
    ),
    eth_getTransactionByBlockHashAndIndex: method(
      [hash32('block hash'), quantity('index', 64)],
      ([hash, index]) => atIndex(blocks.getBlockByHash(hash), index),
    ),
    eth_getUncleCountByBlockNumber: method([blockTag()], ([tag]) => uncleCount(byTag(tag))),
    eth_getUncleCountByBlockHash: method([hash32('block hash')], ([hash]) =>
      uncleCount(blocks.getBlockByHash(hash)),
    ),
    eth_getUncleByBlockNumberAndIndex: method([blockTag(), quantity('index', 64)], () => null),
    eth_getUncleByBlockHashAndIndex: method([hash32('block hash'), quantity('index', 64)], () => null),
  }
}
