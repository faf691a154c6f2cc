import type { MiniBlock, Receipt, SealedTransaction, StateDiff } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { readReceipt, writeReceipt } from './receipt.ts'
import { estimateStateDiffSize, readStateDiff, writeStateDiff } from './stateDiff.ts'
import { decodeVersioned, encodeVersioned } from './versioned.ts'

const WHAT = 'mini-block'
/** Raw length, hash, sender, and the smallest receipt (flags, two gas bytes, price, log count). */
const MIN_TX_BYTES = 1 + 32 + 20 + 5

/**
 * Encodes a mini-block, v1: `[version] number blockNumber indexInBlock
 * firstTxIndex timestampUs gasUsed count (raw hash from receipt)* stateDiff`.
 * Each transaction is followed by its receipt, so the two lists cannot
 * disagree in length on the wire.
 */
export function encodeMiniBlock(miniBlock: MiniBlock): Uint8Array {
  return encodeVersioned(WHAT, miniBlock, writeMiniBlock, estimateMiniBlockSize(miniBlock))
}

/** Decodes `encodeMiniBlock` output; throws `DecodeError` or `UnsupportedVersionError`. */
export function decodeMiniBlock(bytes: Uint8Array): MiniBlock {
  return decodeVersioned(bytes, WHAT, readMiniBlock)
}

/** A generous size guess so encoding rarely grows its buffer. */
export function estimateMiniBlockSize(miniBlock: MiniBlock): number {
  let size = 48 + estimateStateDiffSize(miniBlock.stateDiff)
  for (const tx of miniBlock.transactions) size += tx.raw.length + 200
  for (const receipt of miniBlock.receipts) {
    for (const log of receipt.logs) size += 160 + log.data.length
  }
  return size
}

/**
 * Writes a mini-block body (no version byte). `writeDiff` encodes the state
 * diff (v1 by default; the link's compact frames pass their own).
 */
export function writeMiniBlock(
  w: ByteWriter,
  miniBlock: MiniBlock,
  writeDiff: (w: ByteWriter, diff: StateDiff) => void = writeStateDiff,
): void {
  const { transactions, receipts } = miniBlock
  if (transactions.length !== receipts.length) {
    w.fail('receipts', `${receipts.length} receipts for ${transactions.length} transactions`)
  }
  w.u64(miniBlock.number, 'number')
  w.u64(miniBlock.blockNumber, 'blockNumber')
  w.varint(miniBlock.indexInBlock, 'indexInBlock')
  w.varint(miniBlock.firstTxIndex, 'firstTxIndex')
  w.u64(miniBlock.timestampUs, 'timestampUs')
  w.u64(miniBlock.gasUsed, 'gasUsed')
  w.varint(transactions.length, 'transactions')
  for (let i = 0; i < transactions.length; i++) {
    const tx = transactions[i]
    w.bytes(tx.raw)
    w.fixed(tx.hash, 32, 'tx.hash')
    w.fixed(tx.from, 20, 'tx.from')
    writeReceipt(w, receipts[i])
  }
  writeDiff(w, miniBlock.stateDiff)
}

/** Reads a mini-block body (no version byte), its diff with `readDiff` (v1 by default). */
export function readMiniBlock(
  r: ByteReader,
  readDiff: (r: ByteReader) => StateDiff = readStateDiff,
): MiniBlock {
  const number = r.u64('number')
  const blockNumber = r.u64('blockNumber')
  const indexInBlock = r.varint('indexInBlock')
  const firstTxIndex = r.varint('firstTxIndex')
  const timestampUs = r.u64('timestampUs')
  const gasUsed = r.u64('gasUsed')
  const count = r.count(MIN_TX_BYTES, 'transactions')
  const transactions: SealedTransaction[] = []
  const receipts: Receipt[] = []
  for (let i = 0; i < count; i++) {
    transactions.push({ raw: r.bytes('tx.raw'), hash: r.fixed(32, 'tx.hash'), from: r.fixed(20, 'tx.from') })
    receipts.push(readReceipt(r))
  }
  const stateDiff = readDiff(r)
  return {
    number,
    blockNumber,
    indexInBlock,
    firstTxIndex,
    timestampUs,
    gasUsed,
    transactions,
    receipts,
    stateDiff,
  }
}
