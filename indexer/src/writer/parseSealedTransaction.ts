import type { SealedTransaction } from '@rtevm/protocol'
import { DecodeError } from '@rtevm/protocol/errors'
import { parseTransaction, transactionTypeNumber } from '@rtevm/protocol/transaction'
import { bytesToHex, hexToBytes } from 'viem'
import { IndexerTransactionError } from '../errors.ts'

/** The fields of a transaction the indexer stores, decoded from its signed bytes. */
export type ParsedTransaction = {
  type: number
  to: Uint8Array | null
  nonce: bigint
  value: bigint
  gasLimit: bigint
  gasPrice: bigint | null
  maxFeePerGas: bigint | null
  maxPriorityFeePerGas: bigint | null
  input: Uint8Array
}

export function parseSealedTransaction(sealed: SealedTransaction): ParsedTransaction {
  let parsed: ReturnType<typeof parseTransaction>
  try {
    parsed = parseTransaction(sealed.raw)
  } catch (error) {
    throw new IndexerTransactionError(
      bytesToHex(sealed.hash),
      error instanceof DecodeError ? error.cause : error,
    )
  }
  const type = parsed.type ? transactionTypeNumber(parsed) : undefined
  if (type === undefined) {
    throw new IndexerTransactionError(bytesToHex(sealed.hash), new TypeError(`unknown type ${parsed.type}`))
  }
  return {
    type,
    to: parsed.to ? hexToBytes(parsed.to) : null,
    nonce: BigInt(parsed.nonce ?? 0),
    value: parsed.value ?? 0n,
    gasLimit: parsed.gas ?? 0n,
    gasPrice: parsed.gasPrice ?? null,
    maxFeePerGas: parsed.maxFeePerGas ?? null,
    maxPriorityFeePerGas: parsed.maxPriorityFeePerGas ?? null,
    input: parsed.data ? hexToBytes(parsed.data) : new Uint8Array(),
  }
}
