import type { LogRecord } from '@rtevm/protocol'
import { addressHex, dataHex, quantityHex } from './hex.ts'

/** A log as `eth_getLogs`, receipts and `logs` subscriptions return it. */
export type RpcLog = {
  address: `0x${string}`
  topics: `0x${string}`[]
  data: `0x${string}`
  blockNumber: `0x${string}`
  blockHash: `0x${string}`
  transactionHash: `0x${string}`
  transactionIndex: `0x${string}`
  logIndex: `0x${string}`
  /** True only when a devnet evm_revert abandoned the log. */
  removed: boolean
}

/** `blockHash` is passed in: the log record knows its block's number, not whether it is sealed. */
export function formatLog(log: LogRecord, blockHash: Uint8Array, removed = false): RpcLog {
  return {
    address: addressHex(log.address),
    topics: log.topics.map(dataHex),
    data: dataHex(log.data),
    blockNumber: quantityHex(log.blockNumber),
    blockHash: dataHex(blockHash),
    transactionHash: dataHex(log.transactionHash),
    transactionIndex: quantityHex(log.txIndex),
    logIndex: quantityHex(log.logIndex),
    // One sequencer never reorgs; only a devnet evm_revert removes logs.
    removed,
  }
}
