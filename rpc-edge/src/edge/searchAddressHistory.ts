import { type BlockSource, RtevmError, type TransactionRecord } from '@rtevm/protocol'
import { parseTransaction } from '@rtevm/protocol/transaction'
import { bytesToHex } from 'viem'
import { RpcErrorCode } from '../errors/index.ts'

/** A page of an address's history, newest first, as Otterscan pages it. */
export type AddressPage = {
  records: TransactionRecord[]
  /** The page holds the newest transactions (nothing newer to show). */
  firstPage: boolean
  /** The page holds the oldest transactions this node keeps. */
  lastPage: boolean
}

export type AddressSearch = {
  blocks: BlockSource
  address: Uint8Array
  pageSize: number
  /** Transactions looked at before a request gives up: the replica has no address index. */
  maxScanned: number
}

/**
 * The sealed blocks before `blockNumber` (0: from the newest), newest first,
 * until `pageSize` transactions touch the address. Blocks are taken whole,
 * as Erigon does, so a page may hold more than `pageSize`; history ends at
 * genesis or where the replica stopped keeping transactions.
 */
export function searchBefore(search: AddressSearch, blockNumber: bigint): AddressPage {
  const head = search.blocks.head().block
  const fromNewest = blockNumber === 0n || blockNumber > head
  const scan = createScan(search)
  let lastPage = false
  for (let n = fromNewest ? head : blockNumber - 1n; ; n--) {
    if (n < 1n) {
      lastPage = true
      break
    }
    if (scan.found.length >= search.pageSize || scan.exhausted()) break
    if (!scan.block(n, 'newest first')) {
      lastPage = true
      break
    }
  }
  scan.check(blockNumber, 'before')
  return { records: scan.found, firstPage: fromNewest, lastPage }
}

/**
 * The sealed blocks after `blockNumber` (0: from the oldest kept), oldest
 * first, until `pageSize` transactions touch the address; answered newest
 * first, as Otterscan expects.
 */
export function searchAfter(search: AddressSearch, blockNumber: bigint): AddressPage {
  const head = search.blocks.head().block
  const scan = createScan(search)
  let firstPage = false
  for (let n = blockNumber + 1n; ; n++) {
    if (n > head) {
      firstPage = true
      break
    }
    if (scan.found.length >= search.pageSize || scan.exhausted()) break
    scan.block(n, 'oldest first')
  }
  scan.check(blockNumber, 'after')
  return { records: scan.found.reverse(), firstPage, lastPage: blockNumber === 0n }
}

/**
 * Whether a transaction touches `address`: as its sender, its recipient, or
 * the contract it created. Calls made inside it are not looked at (that
 * would re-execute every transaction scanned).
 */
export function touches(record: TransactionRecord, address: Uint8Array, needle: Buffer): boolean {
  if (sameBytes(record.tx.from, address)) return true
  const created = record.receipt.contractAddress
  if (created && sameBytes(created, address)) return true
  // Only a transaction whose bytes hold the address can be sent to it: parse just those.
  const raw = record.tx.raw
  if (Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).indexOf(needle) < 0) return false
  return parseTransaction(raw).to?.toLowerCase() === bytesToHex(address)
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function createScan(search: AddressSearch) {
  const needle = Buffer.from(search.address)
  const found: TransactionRecord[] = []
  let scanned = 0
  return {
    found,
    exhausted: () => scanned >= search.maxScanned,
    /** Adds block `n`'s matches; false when its transactions are no longer kept (history ends). */
    block(n: bigint, order: 'newest first' | 'oldest first'): boolean {
      const block = search.blocks.getBlockByNumber(n)
      if (!block) return false
      const hashes =
        order === 'newest first' ? [...block.transactionHashes].reverse() : block.transactionHashes
      for (const hash of hashes) {
        const record = search.blocks.getTransaction(hash)
        // Pruning drops the oldest first: going back, nothing older is kept; going forward, newer may be.
        if (!record) {
          if (order === 'newest first') return false
          continue
        }
        scanned++
        if (touches(record, search.address, needle)) found.push(record)
      }
      return true
    },
    /** A scan that hit its bound with nothing found cannot be paged on from: say so. */
    check(blockNumber: bigint, direction: 'before' | 'after') {
      if (found.length > 0 || scanned < search.maxScanned) return
      const from = direction === 'before' ? 'newest' : 'oldest'
      const where = blockNumber === 0n ? `from the ${from} block` : `${direction} block ${blockNumber}`
      throw new RtevmError(
        RpcErrorCode.LimitExceeded,
        `no transaction of ${bytesToHex(search.address)} among the ${search.maxScanned} scanned ${where}`,
        { details: 'this node has no address index; search from a block nearer the address’s transactions' },
      )
    },
  }
}
