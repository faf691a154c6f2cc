import { bytesKey } from '../codec/bytesKey.ts'
import { type LogMatch, matchesLog } from '../logs/index.ts'
import type { Block, Log, MiniBlock, Receipt, SealedTransaction } from '../types/index.ts'

/** Where the chain stands. `safe`/`finalized` are 0 until full nodes/verifiers report. */
export type ChainHead = {
  /** Newest mini-block number (the realtime `latest`/`pending`). */
  miniBlock: bigint
  /** Newest sealed EVM block number. */
  block: bigint
  safe: bigint
  finalized: bigint
}

/** A transaction with everything needed to answer `eth_getTransactionByHash`/`Receipt`. */
export type TransactionRecord = {
  tx: SealedTransaction
  receipt: Receipt
  miniBlockNumber: bigint
  /** The EVM block containing it (sealed or still open). */
  blockNumber: bigint
  /** Index within its EVM block. */
  txIndex: number
  /** Index within its EVM block of its first log. */
  firstLogIndex: number
  /** Its mini-block's timestamp, µs. */
  timestampUs: bigint
}

/** A log with its position, as `eth_getLogs` returns it. */
export type LogRecord = Log & {
  blockNumber: bigint
  miniBlockNumber: bigint
  transactionHash: Uint8Array
  txIndex: number
  logIndex: number
}

/** Filter for `LogRecord`s over a mini-block range. */
export type LogQuery = LogMatch & {
  fromMiniBlock: bigint
  toMiniBlock: bigint
  /** Stop after this many matches (a limit every query has). */
  limit: number
}

/** Blocks, mini-blocks, transactions and logs, newest first where it matters. */
export type BlockSource = {
  head(): ChainHead
  getBlockByNumber(number: bigint): Block | undefined
  getBlockByHash(hash: Uint8Array): Block | undefined
  getMiniBlock(number: bigint): MiniBlock | undefined
  getTransaction(hash: Uint8Array): TransactionRecord | undefined
  getLogs(query: LogQuery): LogRecord[]
}

/**
 * A `BlockSource` a test fills in stream order: mini-blocks, then the block
 * that seals them. Keeps everything; `setFinality` moves `safe`/`finalized`.
 */
export type MemoryBlockSource = BlockSource & {
  addMiniBlock(miniBlock: MiniBlock): void
  addBlock(block: Block): void
  setFinality(safe: bigint, finalized: bigint): void
}

export function createMemoryBlockSource(): MemoryBlockSource {
  const head: ChainHead = { miniBlock: 0n, block: 0n, safe: 0n, finalized: 0n }
  const blocks = new Map<bigint, Block>()
  const blocksByHash = new Map<string, Block>()
  const miniBlocks = new Map<bigint, MiniBlock>()
  const transactions = new Map<string, TransactionRecord>()
  const logs = new Map<bigint, LogRecord[]>()
  // Logs of the open EVM block so far: the next mini-block's first log index.
  let blockLogCount = 0

  return {
    head: () => ({ ...head }),
    getBlockByNumber: (number) => blocks.get(number),
    getBlockByHash: (hash) => blocksByHash.get(bytesKey(hash)),
    getMiniBlock: (number) => miniBlocks.get(number),
    getTransaction: (hash) => transactions.get(bytesKey(hash)),
    getLogs(query) {
      const found: LogRecord[] = []
      for (let n = query.fromMiniBlock; n <= query.toMiniBlock && found.length < query.limit; n++) {
        for (const log of logs.get(n) ?? []) {
          if (matchesLog(log, query)) found.push(log)
          if (found.length === query.limit) break
        }
      }
      return found
    },
    addMiniBlock(miniBlock) {
      miniBlocks.set(miniBlock.number, miniBlock)
      const records: LogRecord[] = []
      miniBlock.transactions.forEach((tx, i) => {
        const receipt = miniBlock.receipts[i]
        const txIndex = miniBlock.firstTxIndex + i
        transactions.set(bytesKey(tx.hash), {
          tx,
          receipt,
          miniBlockNumber: miniBlock.number,
          blockNumber: miniBlock.blockNumber,
          txIndex,
          firstLogIndex: blockLogCount,
          timestampUs: miniBlock.timestampUs,
        })
        for (const log of receipt.logs) {
          const position = { miniBlockNumber: miniBlock.number, transactionHash: tx.hash, txIndex }
          records.push({ ...log, ...position, blockNumber: miniBlock.blockNumber, logIndex: blockLogCount++ })
        }
      })
      logs.set(miniBlock.number, records)
      head.miniBlock = miniBlock.number
    },
    addBlock(block) {
      blocks.set(block.header.number, block)
      blocksByHash.set(bytesKey(block.hash), block)
      head.block = block.header.number
      blockLogCount = 0
    },
    setFinality(safe, finalized) {
      head.safe = safe
      head.finalized = finalized
    },
  }
}
