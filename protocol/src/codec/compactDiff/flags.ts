import { keccak_256 } from '@noble/hashes/sha3.js'

// Account flag byte of the compact diff (see FORMATS.md, "Compact state diff, v2").
export const DELETED = 1
export const STORAGE_CLEARED = 2
export const HAS_CODE = 4
export const HAS_CODE_HASH = 8
export const NONCE_SHIFT = 4
export const BALANCE_SHIFT = 6

/** Nonce modes (bits 4–5). */
export const NONCE_SAME = 0
export const NONCE_INCREMENT = 1
export const NONCE_EXPLICIT = 2

/** Balance and slot value modes (2 bits each). */
export const VALUE_ZERO = 0
export const VALUE_PLUS = 1
export const VALUE_MINUS = 2
export const VALUE_FULL = 3

/** A balance can be unchanged too: the same 2 bits, with "0" meaning "as before". */
export const BALANCE_SAME = 0

export const EMPTY_CODE_HASH = keccak_256(new Uint8Array(0))

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
