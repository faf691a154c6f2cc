import type { Block, LogQuery, LogRecord, MiniBlock, Rewound, TransactionRecord } from '@rtevm/protocol'
import { matchesLog } from '@rtevm/protocol/logs'
import { hexFromBytes } from '../state/index.ts'

/** How much history the index keeps; the oldest mini-blocks go first. */
export type RetentionOptions = {
  /** Mini-blocks kept with their transactions, receipts, logs and diffs. Default 1 000 000. */
  retainMiniBlocks?: number
  /**
   * Transactions kept (whole mini-blocks are dropped, so slightly fewer may
   * remain). Default 1 000 000: at ~1 KB per transaction with its receipt
   * and diff share, about 1 GB of RAM.
   */
  retainTransactions?: number
}

/**
 * The replica's history: mini-blocks with their transactions by hash and
 * their logs, within the retention limits, and every sealed block (header,
 * hash and transaction hashes: ~600 B plus 32 B per transaction, kept whole).
 *
 * Invariant: `entries[start..]` hold mini-blocks `oldest..newest`
 * contiguously, so a number maps to an index by subtraction.
 */
export type ChainIndex = {
  addMiniBlock(miniBlock: MiniBlock, firstLogIndex: number): void
  addBlock(block: Block): void
  newestMiniBlock(): bigint
  newestBlock(): bigint
  getMiniBlock(number: bigint): MiniBlock | undefined
  getBlockByNumber(number: bigint): Block | undefined
  getBlockByHash(hash: Uint8Array): Block | undefined
  getTransaction(hash: Uint8Array): TransactionRecord | undefined
  getLogs(query: LogQuery): LogRecord[]
  /**
   * Forgets every block after `blockNumber` and every mini-block after `miniBlockNumber`, with
   * their transactions (the chain went back); returns what it forgot, oldest first.
   */
  rewind(blockNumber: bigint, miniBlockNumber: bigint): Rewound
}

type Entry = { miniBlock: MiniBlock; records: TransactionRecord[] }

export function createChainIndex(options: RetentionOptions = {}): ChainIndex {
  const maxMiniBlocks = options.retainMiniBlocks ?? 1_000_000
  const maxTransactions = options.retainTransactions ?? 1_000_000
  const entries: (Entry | undefined)[] = []
  let start = 0
  let oldest = 1n
  let newest = 0n
  let retainedTransactions = 0
  const transactions = new Map<string, TransactionRecord>()
  const blocks: Block[] = []
  const blockByHash = new Map<string, number>()

  function entryOf(number: bigint): Entry | undefined {
    if (number < oldest || number > newest) return undefined
    return entries[start + Number(number - oldest)]
  }

  function prune() {
    // Always keep the newest mini-block, whatever the limits.
    while (
      newest - oldest + 1n > 1n &&
      (newest - oldest + 1n > BigInt(maxMiniBlocks) || retainedTransactions > maxTransactions)
    ) {
      const dropped = entries[start] as Entry
      for (const record of dropped.records) transactions.delete(hexFromBytes(record.tx.hash))
      retainedTransactions -= dropped.records.length
      entries[start] = undefined
      start++
      oldest++
    }
    // Compact now and then rather than shifting the array on every drop.
    if (start > 4096 && start * 2 > entries.length) {
      entries.splice(0, start)
      start = 0
    }
  }

  return {
    addMiniBlock(miniBlock, firstLogIndex) {
      const records: TransactionRecord[] = new Array(miniBlock.transactions.length)
      let logIndex = firstLogIndex
      for (let i = 0; i < records.length; i++) {
        const receipt = miniBlock.receipts[i]
        const record: TransactionRecord = {
          tx: miniBlock.transactions[i],
          receipt,
          miniBlockNumber: miniBlock.number,
          blockNumber: miniBlock.blockNumber,
          txIndex: miniBlock.firstTxIndex + i,
          firstLogIndex: logIndex,
          timestampUs: miniBlock.timestampUs,
        }
        logIndex += receipt.logs.length
        records[i] = record
        transactions.set(hexFromBytes(record.tx.hash), record)
      }
      if (newest === 0n) oldest = miniBlock.number
      entries.push({ miniBlock, records })
      newest = miniBlock.number
      retainedTransactions += records.length
      prune()
    },
    addBlock(block) {
      blocks.push(block)
      blockByHash.set(hexFromBytes(block.hash), blocks.length - 1)
    },
    newestMiniBlock: () => newest,
    newestBlock: () => (blocks.length === 0 ? 0n : BigInt(blocks.length - 1)),
    getMiniBlock: (number) => entryOf(number)?.miniBlock,
    getBlockByNumber: (number) =>
      number >= 0n && number < BigInt(blocks.length) ? blocks[Number(number)] : undefined,
    getBlockByHash(hash) {
      const index = blockByHash.get(hexFromBytes(hash))
      return index === undefined ? undefined : blocks[index]
    },
    getTransaction: (hash) => transactions.get(hexFromBytes(hash)),
    rewind(blockNumber, miniBlockNumber) {
      const forgottenBlocks: Block[] = []
      while (blocks.length > 0 && BigInt(blocks.length - 1) > blockNumber) {
        const block = blocks.pop() as Block
        blockByHash.delete(hexFromBytes(block.hash))
        forgottenBlocks.unshift(block)
      }
      const forgotten: MiniBlock[] = []
      while (newest > miniBlockNumber && newest >= oldest) {
        const entry = entries.pop() as Entry
        for (const record of entry.records) transactions.delete(hexFromBytes(record.tx.hash))
        retainedTransactions -= entry.records.length
        forgotten.unshift(entry.miniBlock)
        newest--
      }
      // Pruned history older than the rewind is not brought back: the index restarts after it.
      if (newest < oldest) {
        newest = miniBlockNumber
        oldest = miniBlockNumber + 1n
        entries.length = start
      }
      return { miniBlocks: forgotten, blocks: forgottenBlocks }
    },
    getLogs(query) {
      const out: LogRecord[] = []
      const from = query.fromMiniBlock > oldest ? query.fromMiniBlock : oldest
      const to = query.toMiniBlock < newest ? query.toMiniBlock : newest
      for (let number = from; number <= to && out.length < query.limit; number++) {
        const entry = entryOf(number)
        if (!entry) continue
        for (const record of entry.records) {
          const logs = record.receipt.logs
          for (let j = 0; j < logs.length && out.length < query.limit; j++) {
            if (!matchesLog(logs[j], query)) continue
            out.push({
              ...logs[j],
              blockNumber: record.blockNumber,
              miniBlockNumber: record.miniBlockNumber,
              transactionHash: record.tx.hash,
              txIndex: record.txIndex,
              logIndex: record.firstLogIndex + j,
            })
          }
        }
      }
      return out
    },
  }
}
