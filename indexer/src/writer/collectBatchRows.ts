import type { Block, MiniBlock, StreamEvent } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import type { IndexedLog, IndexedTokenTransfer } from '../follower/CommittedBatch.ts'
import { decodeTokenTransfer } from '../tokens/decodeTokenTransfer.ts'
import { parseSealedTransaction } from './parseSealedTransaction.ts'

type Row = unknown[]

/**
 * One account's change over a batch: its latest post-state when a state diff
 * touched it (the last write in the batch wins), and the transactions it took
 * part in, added to the stored count.
 */
export type AccountChange = {
  address: Uint8Array
  state?: { balance: bigint; nonce: bigint; miniBlock: bigint }
  transactions: number
}

/** Everything one batch writes, as rows in each table's column order (see `writeBatch`). */
export type BatchRows = {
  /** Mini-block and transaction rows end with `block_hash`: set when their block is sealed in this batch. */
  miniBlocks: Row[]
  transactions: Row[]
  receipts: Row[]
  logs: IndexedLog[]
  tokenTransfers: IndexedTokenTransfer[]
  contracts: Row[]
  /** Per account (hex key). */
  accounts: Map<string, AccountChange>
  miniBlockEvents: MiniBlock[]
  blocks: Block[]
  blockSeqs: bigint[]
  /** Newest finalized block announced in the batch, if any. */
  finalizedBlock?: bigint
}

/**
 * Turns a batch of stream events into rows. `firstLogIndex` gives, for each
 * block whose earlier mini-blocks were written by an earlier batch, the log
 * index to continue from (logs are numbered across the whole EVM block).
 */
export function collectBatchRows(
  events: readonly StreamEvent[],
  firstLogIndex: Map<bigint, number>,
): BatchRows {
  const rows: BatchRows = {
    miniBlocks: [],
    transactions: [],
    receipts: [],
    logs: [],
    tokenTransfers: [],
    contracts: [],
    accounts: new Map(),
    miniBlockEvents: [],
    blocks: [],
    blockSeqs: [],
  }
  const nextLogIndex = new Map(firstLogIndex)
  for (const event of events) {
    if (event.kind === 'miniBlock') addMiniBlock(rows, event.miniBlock, event.seq, nextLogIndex)
    else if (event.kind === 'block') {
      rows.blocks.push(event.block)
      rows.blockSeqs.push(event.seq)
    } else if (event.kind === 'finality') rows.finalizedBlock = event.finalized
    else throw new RangeError('a rewind is written in a transaction of its own (writeRewind)')
  }
  // Rows of a block sealed in this batch get its hash now; earlier batches' rows are updated by `writeBatch`.
  const sealed = new Map(rows.blocks.map((block) => [block.header.number, block.hash]))
  for (const row of [...rows.miniBlocks, ...rows.transactions]) row.push(sealed.get(row[1] as bigint) ?? null)
  return rows
}

function accountOf(rows: BatchRows, address: Uint8Array, key: string = bytesToHex(address)): AccountChange {
  let account = rows.accounts.get(key)
  if (!account) {
    account = { address, transactions: 0 }
    rows.accounts.set(key, account)
  }
  return account
}

function addMiniBlock(rows: BatchRows, mb: MiniBlock, seq: bigint, nextLogIndex: Map<bigint, number>): void {
  rows.miniBlockEvents.push(mb)
  rows.miniBlocks.push([
    mb.number,
    mb.blockNumber,
    mb.indexInBlock,
    mb.firstTxIndex,
    mb.timestampUs,
    mb.gasUsed.toString(),
    mb.transactions.length,
    seq,
  ])
  let logIndex = mb.indexInBlock === 0 ? 0 : (nextLogIndex.get(mb.blockNumber) ?? 0)
  mb.transactions.forEach((sealed, i) => {
    const tx = parseSealedTransaction(sealed)
    const receipt = mb.receipts[i]
    const txIndex = mb.firstTxIndex + i
    rows.transactions.push([
      sealed.hash,
      mb.blockNumber,
      mb.number,
      txIndex,
      tx.type,
      sealed.from,
      tx.to,
      tx.nonce.toString(),
      tx.value.toString(),
      tx.gasLimit.toString(),
      tx.gasPrice?.toString() ?? null,
      tx.maxFeePerGas?.toString() ?? null,
      tx.maxPriorityFeePerGas?.toString() ?? null,
      tx.input,
    ])
    rows.receipts.push([
      sealed.hash,
      receipt.status,
      receipt.gasUsed.toString(),
      receipt.cumulativeGasUsed.toString(),
      receipt.effectiveGasPrice.toString(),
      receipt.contractAddress ?? null,
      receipt.revertData ?? null,
    ])
    for (const log of receipt.logs) {
      const indexed: IndexedLog = {
        blockNumber: mb.blockNumber,
        logIndex: logIndex++,
        transactionHash: sealed.hash,
        transactionIndex: txIndex,
        miniBlockNumber: mb.number,
        timestampUs: mb.timestampUs,
        address: log.address,
        topics: log.topics,
        data: log.data,
      }
      rows.logs.push(indexed)
      const transfer = decodeTokenTransfer(indexed)
      if (transfer) rows.tokenTransfers.push(transfer)
    }
    if (receipt.contractAddress) rows.contracts.push([receipt.contractAddress, sealed.from, sealed.hash])
    const involved = new Map<string, Uint8Array>()
    for (const address of [sealed.from, tx.to, receipt.contractAddress]) {
      if (address) involved.set(bytesToHex(address), address)
    }
    for (const [key, address] of involved) accountOf(rows, address, key).transactions++
  })
  nextLogIndex.set(mb.blockNumber, logIndex)
  for (const account of mb.stateDiff.accounts) {
    const { balance, nonce } = account
    accountOf(rows, account.address).state = { balance, nonce, miniBlock: mb.number }
  }
}
