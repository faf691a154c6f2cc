import { parseTransaction, transactionTypeNumber } from '@rtevm/protocol/transaction'
import type { TransactionSerializable } from 'viem'
import { quantityHex } from './hex.ts'

/** The fields of a signed transaction as JSON-RPC hex, without its position in a block. */
export type RpcTransactionFields = {
  type: `0x${string}`
  chainId?: `0x${string}`
  nonce: `0x${string}`
  to: `0x${string}` | null
  value: `0x${string}`
  input: `0x${string}`
  gas: `0x${string}`
  gasPrice?: `0x${string}`
  maxFeePerGas?: `0x${string}`
  maxPriorityFeePerGas?: `0x${string}`
  maxFeePerBlobGas?: `0x${string}`
  blobVersionedHashes?: readonly `0x${string}`[]
  accessList?: readonly { address: `0x${string}`; storageKeys: readonly `0x${string}`[] }[]
  authorizationList?: readonly Record<string, `0x${string}`>[]
  v: `0x${string}`
  r: `0x${string}`
  s: `0x${string}`
  yParity?: `0x${string}`
}

/**
 * Decodes EIP-2718 bytes (legacy RLP or a typed envelope) into JSON-RPC
 * transaction fields. Throws `DecodeError` (→ -32000) on bytes viem cannot parse.
 */
export function decodeTransaction(raw: Uint8Array): RpcTransactionFields {
  const tx = parseTransaction(raw) as TransactionSerializable & {
    v?: bigint
    r?: `0x${string}`
    s?: `0x${string}`
    yParity?: number
  }
  const type = tx.type ?? 'legacy'
  const yParity = tx.yParity ?? (tx.v !== undefined ? Number((tx.v - 35n) % 2n === 0n ? 0 : 1) : 0)
  // Typed transactions carry yParity; their `v` is reported equal to it, as geth does.
  const v = type === 'legacy' ? (tx.v ?? 27n) : BigInt(yParity)
  const fields: RpcTransactionFields = {
    type: quantityHex(transactionTypeNumber(tx) ?? 0),
    nonce: quantityHex(tx.nonce ?? 0),
    to: tx.to ?? null,
    value: quantityHex(tx.value ?? 0n),
    input: tx.data ?? '0x',
    gas: quantityHex(tx.gas ?? 0n),
    v: quantityHex(v),
    r: normalizeHex(tx.r ?? '0x0'),
    s: normalizeHex(tx.s ?? '0x0'),
  }
  if (tx.chainId !== undefined) fields.chainId = quantityHex(tx.chainId)
  if (type !== 'legacy') fields.yParity = quantityHex(yParity)
  if (tx.gasPrice !== undefined) fields.gasPrice = quantityHex(tx.gasPrice)
  if (tx.maxFeePerGas !== undefined) fields.maxFeePerGas = quantityHex(tx.maxFeePerGas)
  if (tx.maxPriorityFeePerGas !== undefined)
    fields.maxPriorityFeePerGas = quantityHex(tx.maxPriorityFeePerGas)
  if (tx.maxFeePerBlobGas !== undefined) fields.maxFeePerBlobGas = quantityHex(tx.maxFeePerBlobGas)
  if (tx.blobVersionedHashes) fields.blobVersionedHashes = tx.blobVersionedHashes
  if (type !== 'legacy')
    fields.accessList = (tx.accessList ?? []).map((e) => ({ address: e.address, storageKeys: e.storageKeys }))
  if (tx.authorizationList) {
    fields.authorizationList = tx.authorizationList.map((a) => ({
      chainId: quantityHex(a.chainId),
      address: a.address,
      nonce: quantityHex(a.nonce),
      yParity: quantityHex(a.yParity ?? 0),
      r: normalizeHex(a.r ?? '0x0'),
      s: normalizeHex(a.s ?? '0x0'),
    }))
  }
  return fields
}

/** Signature scalars are quantities on the wire: no leading zeros. */
function normalizeHex(hex: `0x${string}`): `0x${string}` {
  return quantityHex(BigInt(hex))
}
