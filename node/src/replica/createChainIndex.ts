import {
  type Block,
  decodeMiniBlock,
  decodeStreamEvent,
  encodeMiniBlock,
  type LogQuery,
  type LogRecord,
  type MiniBlock,
  type Rewound,
  type TransactionRecord,
} from '@rtevm/protocol'
import { matchesLog } from '@rtevm/protocol/logs'
import { hexFromBytes } from '../state/index.ts'

/** How much history the index keeps; the oldest mini-blocks go first. */
export type RetentionOptions = {
  /** Mini-blocks kept with their transactions, receipts, logs and diffs. Default 1 000 000. */
  retainMiniBlocks?: number
  /**
   * Transactions kept (whole mini-blocks are dropped, so slightly fewer may
   * remain). Default 1 000 000: past the newest mini-blocks the index keeps
   * each one encoded (about 330 B for an ETH transfer, 660 B for an ERC-20
   * one, plus about 150 B per transaction for the lookup by hash), so about
   * 0.5 GB of RAM.
   */
  retainTransactions?: number
}

/**
 * How many transactions the newest mini-blocks kept decoded may hold (the
 * newest one stays decoded whatever its size). Older ones are kept as their
 * encoding and decoded when read (about 4 µs for a one-transaction
 * mini-block): decoded, one ETH transfer costs 4.8 KB of heap and one ERC-20
 * transfer 7.2 KB, against 330 and 660 B encoded, and every decoded object is
 * one more for the garbage collector to trace.
 */
const DECODED_TRANSACTIONS = 1024
/** Older mini-blocks decoded by recent reads, kept for the reads that follow (a receipt, then its logs). */
const READ_CACHE = 64

/**
 * The replica's history: mini-blocks with their transactions by hash and
 * their logs, within the retention limits, and every sealed block (header,
 * hash and transaction hashes: ~600 B plus 32 B per transaction, kept whole).
 *
 * Invariants: `entries[start..]` hold mini-blocks `oldest..newest`
 * contiguously, so a number maps to an index by subtraction; entries before
 * `decodedFrom` are kept encoded only, those from it on decoded.
 */
export type ChainIndex = {
  /**
   * `encoded`: the mini-block's stream event as `encodeStreamEvent` made it, when the caller has
   * it (the in-process follower); otherwise the index encodes the mini-block itself once it
   * leaves the decoded window.
   */
  addMiniBlock(miniBlock: MiniBlock, firstLogIndex: number, encoded?: Uint8Array): void
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

/**
 * One retained mini-block: decoded (`miniBlock`) while among the newest, else encoded (`bytes`,
 * an event encoding when `eventBytes`). What reads need without decoding stays at hand.
 */
type Entry = {
  miniBlock: MiniBlock | undefined
  bytes: Uint8Array | undefined
  eventBytes: boolean
  /** The transactions' hashes as the by-hash map keys them. */
  hashes: string[]
  firstLogIndex: number
  logCount: number
}

/** Where a transaction is: its mini-block's entry and its position there. */
type Location = { entry: Entry; position: number }

export function createChainIndex(options: RetentionOptions = {}): ChainIndex {
  const maxMiniBlocks = options.retainMiniBlocks ?? 1_000_000
  const maxTransactions = options.retainTransactions ?? 1_000_000
  const entries: (Entry | undefined)[] = []
  let start = 0
  let oldest = 1n
  let newest = 0n
  let retainedTransactions = 0
  const transactions = new Map<string, Location>()
  const blocks: Block[] = []
  const blockByHash = new Map<string, number>()
  // Entries before `decodedFrom` are encoded only; those from it on hold `decodedTransactions` in all.
  let decodedFrom = 0
  let decodedTransactions = 0
  // Older entries decoded by reads, newest last (an LRU of READ_CACHE).
  const readCache = new Map<Entry, MiniBlock>()

  function entryOf(number: bigint): Entry | undefined {
    if (number < oldest || number > newest) return undefined
    return entries[start + Number(number - oldest)]
  }

  function miniBlockOf(entry: Entry): MiniBlock {
    if (entry.miniBlock) return entry.miniBlock
    let miniBlock = readCache.get(entry)
    if (miniBlock) {
      readCache.delete(entry)
    } else {
      const bytes = entry.bytes as Uint8Array
      if (!entry.eventBytes) miniBlock = decodeMiniBlock(bytes)
      else {
        const event = decodeStreamEvent(bytes)
        if (event.kind !== 'miniBlock')
          throw new TypeError('a retained mini-block was encoded as another event')
        miniBlock = event.miniBlock
      }
      if (readCache.size >= READ_CACHE) readCache.delete(readCache.keys().next().value as Entry)
    }
    readCache.set(entry, miniBlock)
    return miniBlock
  }

  /** Keeps the entry as its encoding only (it left the decoded window). */
  function release(entry: Entry) {
    if (entry.miniBlock === undefined) return
    if (entry.bytes === undefined) {
      const bytes = encodeMiniBlock(entry.miniBlock)
      // The encoder's buffer can be up to twice what it wrote: keep only what it wrote.
      entry.bytes = bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
    }
    entry.miniBlock = undefined
    decodedTransactions -= entry.hashes.length
  }

  /** Releases the oldest decoded entries until the window holds at most DECODED_TRANSACTIONS (or only the newest). */
  function shrinkWindow() {
    if (decodedFrom < start) decodedFrom = start
    while (decodedTransactions > DECODED_TRANSACTIONS && decodedFrom < entries.length - 1) {
      release(entries[decodedFrom] as Entry)
      decodedFrom++
    }
  }

  function recordOf(entry: Entry, position: number): TransactionRecord {
    const miniBlock = miniBlockOf(entry)
    let firstLogIndex = entry.firstLogIndex
    for (let i = 0; i < position; i++) firstLogIndex += miniBlock.receipts[i].logs.length
    return {
      tx: miniBlock.transactions[position],
      receipt: miniBlock.receipts[position],
      miniBlockNumber: miniBlock.number,
      blockNumber: miniBlock.blockNumber,
      txIndex: miniBlock.firstTxIndex + position,
      firstLogIndex,
      timestampUs: miniBlock.timestampUs,
    }
  }

  function forget(entry: Entry) {
    if (entry.miniBlock !== undefined) decodedTransactions -= entry.hashes.length
    for (const hash of entry.hashes) transactions.delete(hash)
    retainedTransactions -= entry.hashes.length
    readCache.delete(entry)
  }

  function prune() {
    // Always keep the newest mini-block, whatever the limits.
    while (
      newest - oldest + 1n > 1n &&
      (newest - oldest + 1n > BigInt(maxMiniBlocks) || retainedTransactions > maxTransactions)
    ) {
      forget(entries[start] as Entry)
      entries[start] = undefined
      start++
      oldest++
    }
    // Compact now and then rather than shifting the array on every drop.
    if (start > 4096 && start * 2 > entries.length) {
      entries.splice(0, start)
      decodedFrom = Math.max(0, decodedFrom - start)
      start = 0
    }
  }

  return {
    addMiniBlock(miniBlock, firstLogIndex, encoded) {
      const hashes: string[] = new Array(miniBlock.transactions.length)
      let logCount = 0
      const entry: Entry = {
        miniBlock,
        bytes: encoded,
        eventBytes: encoded !== undefined,
        hashes,
        firstLogIndex,
        logCount: 0,
      }
      for (let i = 0; i < hashes.length; i++) {
        hashes[i] = hexFromBytes(miniBlock.transactions[i].hash)
        transactions.set(hashes[i], { entry, position: i })
        logCount += miniBlock.receipts[i].logs.length
      }
      entry.logCount = logCount
      if (newest === 0n) oldest = miniBlock.number
      entries.push(entry)
      newest = miniBlock.number
      retainedTransactions += hashes.length
      decodedTransactions += hashes.length
      prune()
      shrinkWindow()
    },
    addBlock(block) {
      blocks.push(block)
      blockByHash.set(hexFromBytes(block.hash), blocks.length - 1)
    },
    newestMiniBlock: () => newest,
    newestBlock: () => (blocks.length === 0 ? 0n : BigInt(blocks.length - 1)),
    getMiniBlock(number) {
      const entry = entryOf(number)
      return entry && miniBlockOf(entry)
    },
    getBlockByNumber: (number) =>
      number >= 0n && number < BigInt(blocks.length) ? blocks[Number(number)] : undefined,
    getBlockByHash(hash) {
      const index = blockByHash.get(hexFromBytes(hash))
      return index === undefined ? undefined : blocks[index]
    },
    getTransaction(hash) {
      const location = transactions.get(hexFromBytes(hash))
      return location && recordOf(location.entry, location.position)
    },
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
        forgotten.unshift(miniBlockOf(entry))
        forget(entry)
        newest--
      }
      // Pruned history older than the rewind is not brought back: the index restarts after it.
      if (newest < oldest) {
        newest = miniBlockNumber
        oldest = miniBlockNumber + 1n
        entries.length = start
      }
      decodedFrom = Math.min(decodedFrom, entries.length)
      return { miniBlocks: forgotten, blocks: forgottenBlocks }
    },
    getLogs(query) {
      const out: LogRecord[] = []
      const from = query.fromMiniBlock > oldest ? query.fromMiniBlock : oldest
      const to = query.toMiniBlock < newest ? query.toMiniBlock : newest
      for (let number = from; number <= to && out.length < query.limit; number++) {
        const entry = entryOf(number)
        if (!entry || entry.logCount === 0) continue
        const miniBlock = miniBlockOf(entry)
        let logIndex = entry.firstLogIndex
        for (let i = 0; i < miniBlock.receipts.length; i++) {
          const logs = miniBlock.receipts[i].logs
          for (let j = 0; j < logs.length && out.length < query.limit; j++) {
            if (!matchesLog(logs[j], query)) continue
            out.push({
              ...logs[j],
              blockNumber: miniBlock.blockNumber,
              miniBlockNumber: miniBlock.number,
              transactionHash: miniBlock.transactions[i].hash,
              txIndex: miniBlock.firstTxIndex + i,
              logIndex: logIndex + j,
            })
          }
          logIndex += logs.length
        }
      }
      return out
    },
  }
}
