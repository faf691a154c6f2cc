import { InvalidTransactionError } from '../errors/index.ts'
import type { ParsedTransaction } from './parseTransaction.ts'

/** EIP-2718 type numbers by viem's type names. */
const TYPE_NUMBERS: Readonly<Record<string, number>> = {
  legacy: 0,
  eip2930: 1,
  eip1559: 2,
  eip4844: 3,
  eip7702: 4,
}

/** The EIP-2718 type number of a parsed transaction; undefined for a type this table does not know. */
export function transactionTypeNumber(tx: ParsedTransaction): number | undefined {
  return TYPE_NUMBERS[tx.type ?? 'legacy']
}

/**
 * Refuses, before any parsing, what the sequencer does not execute: an empty
 * payload, or a typed envelope other than EIP-2930, EIP-1559 and EIP-7702
 * (legacy RLP starts at 0xc0 or above). Blob transactions (0x03) are refused:
 * the chain has no blob data availability.
 */
export function checkTransactionType(raw: Uint8Array): void {
  if (raw.length === 0) throw new InvalidTransactionError('empty payload')
  if (raw[0] < 0xc0 && raw[0] !== 1 && raw[0] !== 2 && raw[0] !== 4) {
    throw new InvalidTransactionError(`unsupported transaction type 0x${raw[0].toString(16)}`, {
      details: 'supported: legacy, 0x01 (EIP-2930), 0x02 (EIP-1559), 0x04 (EIP-7702)',
    })
  }
}
