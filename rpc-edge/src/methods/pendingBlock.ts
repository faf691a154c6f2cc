import {
  type Block,
  type BlockContext,
  type BlockSource,
  ErrorCode,
  logsBloom,
  type MiniBlock,
  RtevmError,
  type SealedTransaction,
} from '@rtevm/protocol'
import { dataHex, formatBlock, formatTransaction, quantityHex } from '../format/index.ts'

/** A root, hash or nonce not known until the block seals. */
const UNKNOWN = new Uint8Array(32)

/**
 * The open block as of the newest mini-block (the snapshot): its header, with the stand-ins
 * for what is not known until it seals (hash and roots zeros), and its transactions so far.
 */
export type OpenBlock = {
  block: Block
  /** Its transactions so far, in order: those of its mini-blocks up to the snapshot. */
  transactions: SealedTransaction[]
  /** The newest mini-block the reads see. */
  snapshot: bigint
  /** That mini-block's time in µs (the parent block's when none was made yet). */
  snapshotTimestampUs: bigint
}

/**
 * The mini-blocks of `openBlock` applied so far, in order: `newest` and those before it in
 * its block. Empty when `newest` belongs to a sealed block (none has run in the open block yet).
 */
function openMiniBlocks(blocks: BlockSource, newest: MiniBlock | undefined, openBlock: bigint): MiniBlock[] {
  if (newest === undefined || newest.blockNumber !== openBlock) return []
  const found: MiniBlock[] = []
  for (let n = newest.number - BigInt(newest.indexInBlock); n <= newest.number; n++) {
    const miniBlock = blocks.getMiniBlock(n)
    if (miniBlock !== undefined) found.push(miniBlock)
  }
  return found
}

/**
 * The block `pending` names, the one owner of what it holds: every method that reads
 * `pending` as a block (eth_getBlockByNumber, transaction counts, by index, receipts)
 * shows these transactions, in this order. Its `hash` is the zero hash, as the open
 * block's transactions and receipts carry until it seals.
 */
export function openBlock(blocks: BlockSource, context: BlockContext): OpenBlock {
  const snapshot = blocks.head().miniBlock
  const newest = blocks.getMiniBlock(snapshot)
  const parent = blocks.getBlockByNumber(context.number - 1n)
  if (parent === undefined)
    throw new RtevmError(
      ErrorCode.NotFound,
      `block ${context.number - 1n}, the open block's parent, not found`,
    )
  const miniBlocks = openMiniBlocks(blocks, newest, context.number)
  const transactions = miniBlocks.flatMap((mb) => mb.transactions)
  const bloom = new Uint8Array(256)
  let gasUsed = 0n
  for (const mb of miniBlocks) {
    gasUsed += mb.gasUsed
    for (const receipt of mb.receipts) logsBloom(receipt.logs, bloom)
  }
  const block: Block = {
    header: {
      ...parent.header,
      parentHash: parent.hash,
      number: context.number,
      timestamp: context.timestamp,
      coinbase: context.coinbase,
      baseFeePerGas: context.baseFeePerGas,
      gasLimit: context.gasLimit,
      mixHash: context.prevRandao,
      gasUsed,
      logsBloom: bloom,
      stateRoot: UNKNOWN,
      transactionsRoot: UNKNOWN,
      receiptsRoot: UNKNOWN,
    },
    hash: UNKNOWN,
    miniBlockCount: miniBlocks.length,
    firstMiniBlock: miniBlocks[0]?.number ?? 0n,
    transactionHashes: transactions.map((tx) => tx.hash),
  }
  return {
    block,
    transactions,
    snapshot,
    snapshotTimestampUs: newest?.timestampUs ?? parent.header.timestamp * 1_000_000n,
  }
}

/**
 * What the pending-block shape puts over `formatBlock`'s fields: no `hash` or `nonce` until
 * the block seals, and the snapshot it was read at (`miniBlockNumber`, `miniBlockTimestamp` in µs).
 */
export function pendingHeaderFields({ snapshot, snapshotTimestampUs }: OpenBlock) {
  return {
    hash: null,
    nonce: null,
    miniBlockNumber: quantityHex(snapshot),
    miniBlockTimestamp: quantityHex(snapshotTimestampUs),
  }
}

/**
 * `eth_getBlockByNumber("pending")`: the open block (see `openBlock`) in geth's
 * pending-block shape (`hash` and `nonce` null, roots not yet known as the zero hash), with
 * the transactions its mini-blocks ran so far, their gas and log bloom, and rtevm's
 * `miniBlockCount` plus the snapshot it was read at (`miniBlockNumber`, `miniBlockTimestamp` in µs).
 */
export function pendingBlock(
  blocks: BlockSource,
  context: BlockContext,
  full: boolean,
): Record<string, unknown> {
  const open = openBlock(blocks, context)
  const { block, transactions } = open
  const listed = full
    ? transactions.flatMap((tx) => {
        const record = blocks.getTransaction(tx.hash)
        return record ? [formatTransaction(record, block.hash, block.header.timestamp)] : []
      })
    : transactions.map((tx) => dataHex(tx.hash))
  return {
    ...formatBlock<unknown>(
      block,
      listed,
      transactions.map((tx) => tx.raw),
    ),
    ...pendingHeaderFields(open),
  }
}
