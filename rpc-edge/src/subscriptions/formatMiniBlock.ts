import type { BlockSource, MiniBlock, TransactionRecord } from '@rtevm/protocol'
import { addressHex, formatReceipt, formatTransaction, quantityHex } from '../format/index.ts'
import type { MiniBlockDetail } from './miniBlocksKind.ts'

// A mini-block's EVM block is still open: no hash until it seals (MegaETH answers zeros too).
export const OPEN_BLOCK_HASH = new Uint8Array(32)

/**
 * A `miniBlocks` notification at `detail`. `full` is MegaETH's documented
 * shape: `block_number`, `block_timestamp` (the EVM block's, in seconds),
 * `index`, `mini_block_number`, `mini_block_timestamp` (µs), `gas_used`, and
 * `transactions` / `receipts` as eth_getTransactionByHash / Receipt return
 * them. While the EVM block is open, its hash is zeros and its timestamp is
 * the mini-block's second (as eth_getTransactionByHash answers then); MegaETH
 * documents neither for an open block. The lighter details keep rtevm's shape.
 */
export function formatMiniBlock(
  mb: MiniBlock,
  hashes: readonly `0x${string}`[],
  detail: MiniBlockDetail,
  blocks: BlockSource,
): unknown {
  if (detail === 'full') return formatFull(mb, blocks)
  const header = {
    number: quantityHex(mb.number),
    blockNumber: quantityHex(mb.blockNumber),
    indexInBlock: quantityHex(mb.indexInBlock),
    firstTransactionIndex: quantityHex(mb.firstTxIndex),
    timestamp: quantityHex(mb.timestampUs),
    gasUsed: quantityHex(mb.gasUsed),
    transactionCount: quantityHex(mb.transactions.length),
  }
  if (detail === 'header') return header
  if (detail === 'hashes') return { ...header, transactions: hashes }
  return {
    ...header,
    transactions: hashes,
    receipts: mb.receipts.map((r, i) => ({
      transactionHash: hashes[i],
      from: addressHex(mb.transactions[i].from),
      status: quantityHex(r.status),
      gasUsed: quantityHex(r.gasUsed),
      contractAddress: r.contractAddress ? addressHex(r.contractAddress) : null,
      logCount: quantityHex(r.logs.length),
    })),
  }
}

function formatFull(mb: MiniBlock, blocks: BlockSource) {
  const sealed = blocks.getBlockByNumber(mb.blockNumber)
  const blockHash = sealed?.hash ?? OPEN_BLOCK_HASH
  const blockTimestamp = sealed?.header.timestamp ?? mb.timestampUs / 1_000_000n
  const records = mb.transactions.map((tx, i) => recordOf(mb, i, blocks.getTransaction(tx.hash)))
  const transactions = records.map((record) => formatTransaction(record, blockHash, blockTimestamp))
  return {
    block_number: quantityHex(mb.blockNumber),
    block_timestamp: quantityHex(blockTimestamp),
    index: quantityHex(mb.indexInBlock),
    mini_block_number: quantityHex(mb.number),
    mini_block_timestamp: quantityHex(mb.timestampUs),
    gas_used: quantityHex(mb.gasUsed),
    transactions,
    // A formatted transaction carries the decoded fields a receipt needs: each is decoded once.
    receipts: records.map((record, i) => formatReceipt(record, blockHash, transactions[i])),
  }
}

/** The replica's record of the mini-block's `i`-th transaction, or one built from the mini-block (log indexes from 0). */
function recordOf(mb: MiniBlock, i: number, known: TransactionRecord | undefined): TransactionRecord {
  if (known && known.miniBlockNumber === mb.number) return known
  return {
    tx: mb.transactions[i],
    receipt: mb.receipts[i],
    miniBlockNumber: mb.number,
    blockNumber: mb.blockNumber,
    txIndex: mb.firstTxIndex + i,
    firstLogIndex: 0,
    timestampUs: mb.timestampUs,
  }
}
