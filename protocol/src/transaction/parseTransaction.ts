import { bytesToHex, parseTransaction as parseSerialized } from 'viem'
import { DecodeError } from '../errors/index.ts'

/** A signed transaction's fields as viem parses them (hex strings and bigints). */
export type ParsedTransaction = ReturnType<typeof parseSerialized>

type Parsed = ParsedTransaction | { failed: DecodeError }

// One send parses its bytes for the hash check, for admission and for the
// receipt; the same Uint8Array travels that whole path within a few
// microseconds, so the newest few parses are remembered (by identity). Not a
// WeakMap: replicas keep every transaction's bytes, so a WeakMap kept every
// parse too (~1 KB each, and an ephemeron table the garbage collector walks).
const RECENT = 32
const recentRaw: (Uint8Array | undefined)[] = new Array(RECENT).fill(undefined)
const recentParsed: (Parsed | undefined)[] = new Array(RECENT).fill(undefined)
let next = 0

function remembered(raw: Uint8Array): Parsed | undefined {
  for (let i = 0; i < RECENT; i++) if (recentRaw[i] === raw) return recentParsed[i]
  return undefined
}

function remember(raw: Uint8Array, entry: Parsed): void {
  recentRaw[next] = raw
  recentParsed[next] = entry
  next = (next + 1) % RECENT
}

/**
 * Parses signed EIP-2718 bytes (legacy RLP or a typed envelope), remembered
 * per bytes object. Throws `DecodeError` with viem's refusal as its `cause`.
 * Checks the encoding only: chain id, signature and limits are the caller's.
 */
export function parseTransaction(raw: Uint8Array): ParsedTransaction {
  let entry = remembered(raw)
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
    remember(raw, entry)
  }
  if ('failed' in entry) throw entry.failed
  return entry
}
