import type { Block } from '@rtevm/protocol'
import { encodeBlockHeader } from '@rtevm/protocol'
import { addressHex, dataHex, quantityHex } from './hex.ts'

/** A block as `eth_getBlockBy*` returns it, plus rtevm's `miniBlockCount`. */
export type RpcBlock<T> = Record<string, unknown> & { hash: `0x${string}`; transactions: T[] }

/**
 * Formats a sealed block. `transactions` is what goes in the list (hashes or
 * full objects); `rawTransactions` are the signed bytes, needed for `size`.
 */
export function formatBlock<T>(
  block: Block,
  transactions: T[],
  rawTransactions: readonly Uint8Array[],
): RpcBlock<T> {
  const h = block.header
  const header = encodeBlockHeader(h)
  return {
    number: quantityHex(h.number),
    hash: dataHex(block.hash),
    parentHash: dataHex(h.parentHash),
    sha3Uncles: dataHex(h.uncleHash),
    miner: addressHex(h.coinbase),
    stateRoot: dataHex(h.stateRoot),
    transactionsRoot: dataHex(h.transactionsRoot),
    receiptsRoot: dataHex(h.receiptsRoot),
    logsBloom: dataHex(h.logsBloom),
    difficulty: quantityHex(h.difficulty),
    totalDifficulty: '0x0',
    gasLimit: quantityHex(h.gasLimit),
    gasUsed: quantityHex(h.gasUsed),
    timestamp: quantityHex(h.timestamp),
    extraData: dataHex(h.extraData),
    mixHash: dataHex(h.mixHash),
    nonce: dataHex(h.nonce),
    baseFeePerGas: quantityHex(h.baseFeePerGas),
    withdrawalsRoot: dataHex(h.withdrawalsRoot),
    blobGasUsed: quantityHex(h.blobGasUsed),
    excessBlobGas: quantityHex(h.excessBlobGas),
    parentBeaconBlockRoot: dataHex(h.parentBeaconBlockRoot),
    requestsHash: dataHex(h.requestsHash),
    size: quantityHex(blockSize(header.length, rawTransactions)),
    uncles: [],
    withdrawals: [],
    transactions,
    miniBlockCount: quantityHex(block.miniBlockCount),
  }
}

/** RLP length of [header, txs, uncles=[], withdrawals=[]] without encoding it. */
function blockSize(headerLength: number, raws: readonly Uint8Array[]): number {
  let txs = 0
  for (const raw of raws) {
    // A legacy tx is an RLP list embedded as is; a typed one is a byte string.
    txs += raw[0] >= 0xc0 ? raw.length : prefixLength(raw.length) + raw.length
  }
  const payload = headerLength + prefixLength(txs) + txs + 1 + 1
  return prefixLength(payload) + payload
}

function prefixLength(length: number): number {
  if (length < 56) return 1
  let bytes = 0
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes++
  return 1 + bytes
}
