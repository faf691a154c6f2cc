import type { TransactionRecord } from '@rtevm/protocol'
import { logsBloom } from '@rtevm/protocol/bloom'
import type { RpcTransactionFields } from './decodeTransaction.ts'
import { formatLog, type RpcLog } from './formatLog.ts'
import { addressHex, dataHex, quantityHex } from './hex.ts'

/** A receipt as `eth_getTransactionReceipt` returns it. */
export type RpcReceipt = {
  transactionHash: `0x${string}`
  transactionIndex: `0x${string}`
  blockHash: `0x${string}`
  blockNumber: `0x${string}`
  from: `0x${string}`
  to: `0x${string}` | null
  cumulativeGasUsed: `0x${string}`
  gasUsed: `0x${string}`
  effectiveGasPrice: `0x${string}`
  contractAddress: `0x${string}` | null
  logs: RpcLog[]
  logsBloom: `0x${string}`
  type: `0x${string}`
  status: `0x${string}`
}

/** Most receipts have no logs: their bloom's 514-character hex is made once. */
const EMPTY_BLOOM = dataHex(new Uint8Array(256))

/** `fields` are the decoded transaction (for `to` and `type`), so a caller that has them decodes once. */
export function formatReceipt(
  record: TransactionRecord,
  blockHash: Uint8Array,
  fields: RpcTransactionFields,
): RpcReceipt {
  const { receipt } = record
  const logs = receipt.logs.map((log, i) =>
    formatLog(
      {
        ...log,
        blockNumber: record.blockNumber,
        miniBlockNumber: record.miniBlockNumber,
        transactionHash: record.tx.hash,
        txIndex: record.txIndex,
        logIndex: record.firstLogIndex + i,
      },
      blockHash,
    ),
  )
  return {
    transactionHash: dataHex(record.tx.hash),
    transactionIndex: quantityHex(record.txIndex),
    blockHash: dataHex(blockHash),
    blockNumber: quantityHex(record.blockNumber),
    from: addressHex(record.tx.from),
    to: fields.to,
    cumulativeGasUsed: quantityHex(receipt.cumulativeGasUsed),
    gasUsed: quantityHex(receipt.gasUsed),
    effectiveGasPrice: quantityHex(receipt.effectiveGasPrice),
    contractAddress: receipt.contractAddress ? addressHex(receipt.contractAddress) : null,
    logs,
    logsBloom: receipt.logs.length === 0 ? EMPTY_BLOOM : dataHex(logsBloom(receipt.logs)),
    type: fields.type,
    status: quantityHex(receipt.status),
  }
}
