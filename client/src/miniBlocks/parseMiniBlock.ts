import {
  type Address,
  formatTransaction,
  formatTransactionReceipt,
  type Hex,
  type RpcTransaction,
  type RpcTransactionReceipt,
  type Transaction,
  type TransactionReceipt,
} from 'viem'
import { BadPayloadError } from '../errors.ts'

/**
 * How much of each mini-block a `miniBlocks` subscription carries: `full` is MegaETH's documented
 * notification (whole transactions and receipts); `receipts`, `hashes` and `header` are rtevm's
 * lighter forms, for wide fan-out.
 */
export type MiniBlockDetail = 'full' | 'receipts' | 'hashes' | 'header'

/** What every detail but `header` says of each transaction's outcome. */
export type MiniBlockReceipt = {
  transactionHash: Hex
  from: Address
  status: 'success' | 'reverted'
  gasUsed: bigint
  contractAddress: Address | null
  logCount: number
}

/**
 * One mini-block, whichever form it came in (MegaETH's snake_case `full` notification or rtevm's
 * camelCase lighter ones): the same values, typed. Fields a form does not carry are `undefined`.
 */
export type MiniBlock = {
  number: bigint
  /** The EVM block it belongs to. */
  blockNumber: bigint
  /** Its position among its block's mini-blocks. */
  indexInBlock: number
  /** Microseconds since the epoch. */
  timestampUs: bigint
  gasUsed: bigint
  transactionCount: number
  /** The block-wide index of its first transaction (undefined for an empty `full` mini-block). */
  firstTransactionIndex: number | undefined
  /** Every form but `header`. */
  transactionHashes: Hex[] | undefined
  /** `receipts` and `full`. */
  receipts: MiniBlockReceipt[] | undefined
  /** `full` only, as eth_getTransactionByHash answers them. */
  transactions: Transaction[] | undefined
  /** `full` only, as eth_getTransactionReceipt answers them. */
  transactionReceipts: TransactionReceipt[] | undefined
}

type MegaEthMiniBlock = {
  block_number: Hex
  block_timestamp?: Hex
  index: Hex
  mini_block_number: Hex
  mini_block_timestamp: Hex
  gas_used: Hex
  transactions: RpcTransaction[]
  receipts: RpcTransactionReceipt[]
}

type RtevmMiniBlock = {
  number: Hex
  blockNumber: Hex
  indexInBlock: Hex
  firstTransactionIndex: Hex
  timestamp: Hex
  gasUsed: Hex
  transactionCount: Hex
  transactions?: Hex[]
  receipts?: {
    transactionHash: Hex
    from: Address
    status: Hex
    gasUsed: Hex
    contractAddress: Address | null
    logCount: Hex
  }[]
}

/** A `miniBlocks` (or `fragments`) notification's result, in either form, as a `MiniBlock`. */
export function parseMiniBlock(result: unknown): MiniBlock {
  if (typeof result !== 'object' || result === null)
    throw new BadPayloadError('miniBlocks notification', result)
  if ('mini_block_number' in result) return fromMegaEth(result as MegaEthMiniBlock)
  if ('indexInBlock' in result) return fromRtevm(result as RtevmMiniBlock)
  throw new BadPayloadError('miniBlocks notification', result)
}

function fromMegaEth(mb: MegaEthMiniBlock): MiniBlock {
  const transactions = mb.transactions.map((tx) => formatTransaction(tx))
  const transactionReceipts = mb.receipts.map((receipt) => formatTransactionReceipt(receipt))
  return {
    number: BigInt(mb.mini_block_number),
    blockNumber: BigInt(mb.block_number),
    indexInBlock: Number(mb.index),
    timestampUs: BigInt(mb.mini_block_timestamp),
    gasUsed: BigInt(mb.gas_used),
    transactionCount: transactions.length,
    firstTransactionIndex: transactions[0]?.transactionIndex ?? undefined,
    transactionHashes: transactions.map((tx) => tx.hash),
    receipts: transactionReceipts.map((receipt) => ({
      transactionHash: receipt.transactionHash,
      from: receipt.from,
      status: receipt.status,
      gasUsed: receipt.gasUsed,
      contractAddress: receipt.contractAddress ?? null,
      logCount: receipt.logs.length,
    })),
    transactions,
    transactionReceipts,
  }
}

function fromRtevm(mb: RtevmMiniBlock): MiniBlock {
  return {
    number: BigInt(mb.number),
    blockNumber: BigInt(mb.blockNumber),
    indexInBlock: Number(mb.indexInBlock),
    timestampUs: BigInt(mb.timestamp),
    gasUsed: BigInt(mb.gasUsed),
    transactionCount: Number(mb.transactionCount),
    firstTransactionIndex: Number(mb.firstTransactionIndex),
    transactionHashes: mb.transactions,
    receipts: mb.receipts?.map((receipt) => ({
      transactionHash: receipt.transactionHash,
      from: receipt.from,
      status: BigInt(receipt.status) === 1n ? 'success' : 'reverted',
      gasUsed: BigInt(receipt.gasUsed),
      contractAddress: receipt.contractAddress,
      logCount: Number(receipt.logCount),
    })),
    transactions: undefined,
    transactionReceipts: undefined,
  }
}
