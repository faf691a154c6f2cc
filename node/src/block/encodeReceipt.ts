import type { Receipt } from '@rtevm/protocol'
import { encodeRlp } from '@rtevm/protocol/rlp'
import { bigIntToBytes } from '../state/index.ts'

/**
 * The consensus encoding of a receipt (what the receipts root commits to):
 * `type || rlp([status, cumulativeGasUsed, bloom, logs])`, without the type
 * byte for legacy transactions.
 */
export function encodeReceipt(txType: number, receipt: Receipt, bloom: Uint8Array): Uint8Array {
  const body = encodeRlp([
    receipt.status === 1 ? Uint8Array.of(1) : new Uint8Array(0),
    bigIntToBytes(receipt.cumulativeGasUsed),
    bloom,
    receipt.logs.map((log) => [log.address, log.topics, log.data]),
  ])
  if (txType === 0) return body
  const out = new Uint8Array(body.length + 1)
  out[0] = txType
  out.set(body, 1)
  return out
}

/** The EIP-2718 type of a raw signed transaction (0 for legacy RLP). */
export function transactionType(raw: Uint8Array): number {
  return raw[0] >= 0xc0 ? 0 : raw[0]
}
