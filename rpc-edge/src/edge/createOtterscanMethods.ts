import {
  type Block,
  type BlockContext,
  type BlockSource,
  ErrorCode,
  RtevmError,
  type StateHistoryReader,
  type StateReader,
  type Tracer,
  type TransactionRecord,
} from '@rtevm/protocol'
import {
  dataHex,
  decodeTransaction,
  formatBlock,
  formatReceipt,
  formatTransaction,
  quantityHex,
} from '../format/index.ts'
import {
  address,
  type BlockTag,
  hash32,
  integer,
  type MethodTable,
  method,
  optional,
} from '../jsonrpc/index.ts'
import {
  type OpenBlock,
  openBlock,
  pendingHeaderFields,
  resolveBlockNumber,
  stateOf,
} from '../methods/index.ts'
import { findBySenderAndNonce } from './findBySenderAndNonce.ts'
import { findContractCreator } from './findContractCreator.ts'
import { otsBlock, otsBlockNumber, pageSize } from './otterscanParams.ts'
import { type CallFrameJson, otsInternalOperations, otsTraceEntries } from './otterscanTrace.ts'
import { type AddressPage, searchAfter, searchBefore } from './searchAddressHistory.ts'

export type OtterscanMethodsDeps = {
  /** Re-runs transactions for their call trees (ots_traceTransaction, internal operations, creators). */
  tracer: Tracer
  /** Blocks, transactions and state at older blocks: the replica. */
  chain: BlockSource & StateReader & StateHistoryReader
  /** Largest page of ots_getBlockTransactions and the address searches. Default 100. */
  maxPageSize?: number
  /** Transactions one address search looks at before giving up (there is no address index). Default 100 000. */
  maxScanned?: number
  /** The open block's context: with it `pending` is the open block, as eth_getBlockByNumber("pending") shows it. */
  pendingContext?: () => BlockContext
}

/** The Otterscan API level these methods implement (Otterscan 2 asks for 8). */
const API_LEVEL = 8

/** What Otterscan reads of a block's issuance: nothing is minted on this chain. */
const NO_ISSUANCE = { blockReward: '0x0', uncleReward: '0x0', issuance: '0x0' } as const

/**
 * Otterscan's `ots_*` API (level 8) and the `erigon_getHeaderByNumber` it
 * probes with, so Otterscan can browse the devnet. Shapes follow Erigon's
 * implementation, which defines the API; traces come from the callTracer;
 * address history is scanned from the replica's kept blocks (see
 * searchAddressHistory.ts for what counts and how far it looks).
 */
export function createOtterscanMethods(deps: OtterscanMethodsDeps): MethodTable {
  const { tracer, chain: blocks, chain: state } = deps
  const maxPageSize = deps.maxPageSize ?? 100
  const maxScanned = deps.maxScanned ?? 100_000

  function recordOf(hash: Uint8Array): TransactionRecord {
    const record = blocks.getTransaction(hash)
    if (!record) throw new RtevmError(ErrorCode.NotFound, `transaction ${dataHex(hash)} not found`)
    return record
  }

  // An unknown transaction is the tracer's NOT_FOUND.
  const callTree = async (hash: Uint8Array) =>
    (await tracer.traceTransaction(hash, { kind: 'call' })) as CallFrameJson

  /** The block's transactions this node still keeps (all of them, short of pruning). */
  const recordsOf = (block: Block) =>
    block.transactionHashes.flatMap((hash) => blocks.getTransaction(hash) ?? [])

  /** A receipt as Otterscan lists them: no logs or bloom (it never reads them), its block's time added. */
  function otsReceipt(record: TransactionRecord, block: Block) {
    const receipt = formatReceipt(record, block.hash, decodeTransaction(record.tx.raw))
    return { ...receipt, logs: null, logsBloom: null, timestamp: quantityHex(block.header.timestamp) }
  }

  function blockDetails(block: Block | undefined) {
    if (!block) return null
    const records = recordsOf(block)
    const { transactions: _, ...header } = formatBlock(
      block,
      [],
      records.map((r) => r.tx.raw),
    )
    let totalFees = 0n
    for (const { receipt } of records) totalFees += receipt.gasUsed * receipt.effectiveGasPrice
    return {
      block: { ...header, transactionCount: block.transactionHashes.length },
      issuance: NO_ISSUANCE,
      totalFees: quantityHex(totalFees),
    }
  }

  /** A page of a block's transactions, pages counted from its end as Erigon does (page 0: the newest). */
  function blockTransactions(block: Block, page: number, size: number) {
    const records = recordsOf(block)
    const end = Math.max(records.length - page * size, 0)
    const slice = records.slice(Math.max(end - size, 0), end)
    const txs = slice.map((record) => {
      const tx = formatTransaction(record, block.hash, block.header.timestamp)
      // Otterscan shows only the selector of each transaction's input here.
      return { ...tx, input: tx.input.slice(0, 10) }
    })
    const fullblock = formatBlock(
      block,
      txs,
      records.map((r) => r.tx.raw),
    )
    return {
      fullblock: { ...fullblock, transactionCount: block.transactionHashes.length },
      receipts: slice.map((record) => otsReceipt(record, block)),
    }
  }

  function searchResult(page: AddressPage) {
    const txs = []
    const receipts = []
    for (const record of page.records) {
      const block = blocks.getBlockByNumber(record.blockNumber) as Block
      txs.push(formatTransaction(record, block.hash, block.header.timestamp))
      receipts.push(otsReceipt(record, block))
    }
    return { txs, receipts, firstPage: page.firstPage, lastPage: page.lastPage }
  }

  const blockOf = (tag: BlockTag) =>
    tag.kind === 'hash'
      ? blocks.getBlockByHash(tag.hash)
      : blocks.getBlockByNumber(resolveBlockNumber(tag, blocks.head()) ?? 0n)

  /** The open block when `tag` is `pending` and this edge knows its context. */
  const openOf = (tag: BlockTag): OpenBlock | undefined =>
    deps.pendingContext && tag.kind === 'named' && tag.tag === 'pending'
      ? openBlock(blocks, deps.pendingContext())
      : undefined

  const search = (who: Uint8Array, size: number) => ({ blocks, address: who, pageSize: size, maxScanned })

  return {
    ots_getApiLevel: method([], () => API_LEVEL),
    ots_hasCode: method([address(), optional(otsBlock())], ([who, tag]) => {
      return stateOf(tag, blocks, state).getCode(who).length > 0
    }),
    ots_getInternalOperations: method([hash32('transaction hash')], async ([hash]) =>
      otsInternalOperations(await callTree(hash)),
    ),
    ots_traceTransaction: method([hash32('transaction hash')], async ([hash]) =>
      otsTraceEntries(await callTree(hash)),
    ),
    ots_getTransactionError: method([hash32('transaction hash')], ([hash]) => {
      const { receipt } = recordOf(hash)
      return receipt.status === 1 ? '0x' : dataHex(receipt.revertData ?? new Uint8Array())
    }),
    ots_getBlockDetails: method([otsBlock('block number')], ([tag]) => {
      const open = openOf(tag)
      if (!open) return blockDetails(blockOf(tag))
      const details = blockDetails(open.block)!
      return { ...details, block: { ...details.block, ...pendingHeaderFields(open) } }
    }),
    ots_getBlockDetailsByHash: method([hash32('block hash')], ([hash]) =>
      blockDetails(blocks.getBlockByHash(hash)),
    ),
    ots_getBlockTransactions: method(
      [otsBlockNumber(), integer('page number'), pageSize(maxPageSize)],
      ([number, page, size]) => {
        const block = blocks.getBlockByNumber(number)
        return block ? blockTransactions(block, page, size) : null
      },
    ),
    ots_searchTransactionsBefore: method(
      [address(), otsBlockNumber(), pageSize(maxPageSize)],
      ([who, number, size]) => searchResult(searchBefore(search(who, size), number)),
    ),
    ots_searchTransactionsAfter: method(
      [address(), otsBlockNumber(), pageSize(maxPageSize)],
      ([who, number, size]) => searchResult(searchAfter(search(who, size), number)),
    ),
    ots_getTransactionBySenderAndNonce: method([address('sender'), integer('nonce')], ([who, nonce]) => {
      const hash = findBySenderAndNonce(blocks, state, who, BigInt(nonce))
      return hash && dataHex(hash)
    }),
    ots_getContractCreator: method([address()], ([who]) => findContractCreator(blocks, state, tracer, who)),
    erigon_getHeaderByNumber: method([otsBlock('block number')], ([tag]) => {
      const open = openOf(tag)
      const block = open?.block ?? blockOf(tag)
      if (!block) return null
      const header = formatBlock(
        block,
        block.transactionHashes.map(dataHex),
        recordsOf(block).map((r) => r.tx.raw),
      )
      return open ? { ...header, ...pendingHeaderFields(open) } : header
    }),
  }
}
