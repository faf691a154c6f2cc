import type { TransactionRecord } from '@rtevm/protocol'
import { decodeTransaction, type RpcTransactionFields } from './decodeTransaction.ts'
import { addressHex, dataHex, quantityHex } from './hex.ts'

/** A transaction as `eth_getTransactionByHash` and full blocks return it. */
export type RpcTransaction = RpcTransactionFields & {
  hash: `0x${string}`
  from: `0x${string}`
  blockHash: `0x${string}`
  blockNumber: `0x${string}`
  transactionIndex: `0x${string}`
  /** The block's timestamp in seconds (execution-apis). */
  blockTimestamp: `0x${string}`
}

/**
 * An included transaction. `gasPrice` is the price actually paid (as geth
 * reports it for EIP-1559 transactions once mined). `blockHash` and
 * `blockTimestamp` are its sealed block's, or stand-ins while the block is open.
 */
export function formatTransaction(
  record: TransactionRecord,
  blockHash: Uint8Array,
  blockTimestamp: bigint,
): RpcTransaction {
  const fields = decodeTransaction(record.tx.raw)
  return {
    ...fields,
    gasPrice: quantityHex(record.receipt.effectiveGasPrice),
    hash: dataHex(record.tx.hash),
    from: addressHex(record.tx.from),
    blockHash: dataHex(blockHash),
    blockNumber: quantityHex(record.blockNumber),
    transactionIndex: quantityHex(record.txIndex),
    blockTimestamp: quantityHex(blockTimestamp),
  }
}
