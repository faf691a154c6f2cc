import { bytesToHex, parseTransaction as parseSerialized } from 'viem'
import { DecodeError } from '../errors/index.ts'

/** A signed transaction's fields as viem parses them (hex strings and bigints). */
export type ParsedTransaction = ReturnType<typeof parseSerialized>

// One send parses its bytes for the hash check, for admission and for the
// receipt; the same Uint8Array travels that whole path, so it is parsed once.
const parsed = new WeakMap<Uint8Array, ParsedTransaction | { failed: DecodeError }>()

/**
 * Parses signed EIP-2718 bytes (legacy RLP or a typed envelope), remembered
 * per bytes object. Throws `DecodeError` with viem's refusal as its `cause`.
 * Checks the encoding only: chain id, signature and limits are the caller's.
 */
export function parseTransaction(raw: Uint8Array): ParsedTransaction {
  let entry = parsed.get(raw)
  if (entry === undefined) {
    try {
      entry = parseSerialized(bytesToHex(raw))
    } catch (cause) {
      entry = {
        failed: new DecodeError('transaction', {
          cause,
          details: cause instanceof Error ? cause.message : undefined,
        }),
      }
    }
    parsed.set(raw, entry)
  }
  if ('failed' in entry) throw entry.failed
  return entry
}
