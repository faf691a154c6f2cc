import { InvalidStateInputError } from './errors.ts'

const MAX_UINT256 = (1n << 256n) - 1n
const MAX_UINT64 = (1n << 64n) - 1n

/** The fields of an account that the state diff carries; the storage root comes from the commitment. */
export type AccountFields = {
  nonce: bigint
  balance: bigint
  /** keccak256 of the code (EMPTY_CODE_HASH for none), 32 bytes. */
  codeHash: Uint8Array
}

/** The account trie's value: rlp([nonce, balance, storageRoot, codeHash]). */
export function encodeAccount(account: AccountFields, storageRoot: Uint8Array): Uint8Array {
  assertAccountFields(account)
  const nonceLength = uintLength(account.nonce)
  const balanceLength = uintLength(account.balance)
  const nonceItem = itemLength(account.nonce, nonceLength)
  const balanceItem = itemLength(account.balance, balanceLength)
  const payload = nonceItem + balanceItem + 66
  // Payload is at most 9 + 33 + 66 = 108 bytes, so the list header is 2 bytes from 56 on.
  const out = new Uint8Array((payload < 56 ? 1 : 2) + payload)
  let pos = 0
  if (payload < 56) out[pos++] = 0xc0 + payload
  else {
    out[pos++] = 0xf8
    out[pos++] = payload
  }
  pos = writeUint(out, pos, account.nonce, nonceLength)
  pos = writeUint(out, pos, account.balance, balanceLength)
  out[pos++] = 0xa0
  out.set(storageRoot, pos)
  pos += 32
  out[pos++] = 0xa0
  out.set(account.codeHash, pos)
  return out
}

/** Throws InvalidStateInputError unless the fields fit their RLP types (checked at apply time, not at root). */
export function assertAccountFields(account: AccountFields): void {
  if (account.nonce < 0n || account.nonce > MAX_UINT64) throw new InvalidStateInputError('nonce')
  if (account.balance < 0n || account.balance > MAX_UINT256) throw new InvalidStateInputError('balance')
  if (account.codeHash.length !== 32) throw new InvalidStateInputError('code hash', 'must be 32 bytes')
}

/** A storage trie value: the RLP string of the value's minimal big-endian bytes (zero is never stored). */
export function encodeStorageValue(value: bigint): Uint8Array {
  if (value <= 0n || value > MAX_UINT256)
    throw new InvalidStateInputError('storage value', 'must be in (0, 2^256)')
  const length = uintLength(value)
  const out = new Uint8Array(itemLength(value, length))
  writeUint(out, 0, value, length)
  return out
}

/** Inverse of encodeStorageValue; undefined (an absent slot) is zero. */
export function decodeStorageValue(encoded: Uint8Array | undefined): bigint {
  if (encoded === undefined || encoded.length === 0) return 0n
  if (encoded[0] < 0x80) return BigInt(encoded[0])
  let value = 0n
  for (let i = 1; i < encoded.length; i++) value = (value << 8n) | BigInt(encoded[i])
  return value
}

function uintLength(value: bigint): number {
  let length = 0
  // Numbers are exact below 2^53; most balances and every nonce fit.
  if (value < 0x20000000000000n) {
    for (let n = Number(value); n > 0; n = Math.floor(n / 256)) length++
    return length
  }
  for (let v = value; v > 0n; v >>= 8n) length++
  return length
}

// Length of the RLP string item for a uint of `length` bytes (all under 56).
function itemLength(value: bigint, length: number): number {
  return length === 1 && value < 0x80n ? 1 : 1 + length
}

function writeUint(out: Uint8Array, pos: number, value: bigint, length: number): number {
  if (length !== 1 || value >= 0x80n) out[pos++] = 0x80 + length
  if (value < 0x20000000000000n) {
    let n = Number(value)
    for (let i = pos + length - 1; i >= pos; i--) {
      out[i] = n % 256
      n = Math.floor(n / 256)
    }
  } else {
    let v = value
    for (let i = pos + length - 1; i >= pos; i--) {
      out[i] = Number(v & 0xffn)
      v >>= 8n
    }
  }
  return pos + length
}
