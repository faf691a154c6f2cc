import type { Block, BlockSource } from '@rtevm/protocol'
import { decodeTransaction, formatReceipt, formatTransaction, quantityHex } from '../format/index.ts'
import type { BlockTag } from '../jsonrpc/index.ts'
import { blockTag, hash32, type MethodTable, method, quantity } from '../jsonrpc/index.ts'
import { resolveBlockNumber } from './resolveBlockNumber.ts'

/**
 * Reads by block and position: transaction counts, receipts of a whole block,
 * transactions by index. Blocks are sealed EVM blocks, as eth_getBlockByNumber.
 */
export function createBlockIndexMethods({ blocks }: { blocks: BlockSource }): MethodTable {
  const byTag = (tag: BlockTag): Block | undefined =>
    tag.kind === 'hash'
      ? blocks.getBlockByHash(tag.hash)
      : blocks.getBlockByNumber(resolveBlockNumber(tag, blocks.head()) ?? 0n)

  const count = (block: Block | undefined) => (block ? quantityHex(block.transactionHashes.length) : null)

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
  }
}
