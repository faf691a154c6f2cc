import { bytesToHex, parseTransaction } from 'viem'

type Parsed = ReturnType<typeof parseTransaction>

// One send parses its bytes for the hash check, for admission and for the
// receipt; the same Uint8Array travels that whole path, so it is parsed once.
const parsed = new WeakMap<Uint8Array, Parsed | { failed: unknown }>()

/** viem's `parseTransaction` of `raw`, remembered per bytes object; throws what viem threw. */
export function parseRawTransaction(raw: Uint8Array): Parsed {
  let entry = parsed.get(raw)
  if (entry === undefined) {
    try {
      entry = parseTransaction(bytesToHex(raw))
    } catch (failed) {
      entry = { failed }
    }
    parsed.set(raw, entry)
  }
  if ('failed' in entry) throw entry.failed
  return entry
}
