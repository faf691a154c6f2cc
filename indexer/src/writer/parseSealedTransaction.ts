import type { SealedTransaction } from '@rtevm/protocol'
import { bytesToHex, hexToBytes, parseTransaction } from 'viem'
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

const TYPE_NUMBERS: Record<string, number> = { legacy: 0, eip2930: 1, eip1559: 2, eip4844: 3, eip7702: 4 }

export function parseSealedTransaction(sealed: SealedTransaction): ParsedTransaction {
  let parsed: ReturnType<typeof parseTransaction>
  try {
    parsed = parseTransaction(bytesToHex(sealed.raw))
  } catch (error) {
    throw new IndexerTransactionError(bytesToHex(sealed.hash), error)
  }
  const type = parsed.type ? TYPE_NUMBERS[parsed.type] : undefined
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
