import { rlpWriter } from '@rtevm/protocol/rlp'
import { InvalidStateInputError } from './errors.ts'
import type { ValueCodec } from './ValueCodec.ts'

const MAX_UINT256 = (1n << 256n) - 1n
const MAX_UINT64 = (1n << 64n) - 1n

/** The fields of an account that a state diff carries; the storage root comes from the commitment. */
export type AccountFields = {
  nonce: bigint
  balance: bigint
  /** keccak256 of the code (EMPTY_CODE_HASH for none), 32 bytes. */
  codeHash: Uint8Array
}

/** An account trie value: the fields plus the account's storage root. */
export type AccountLeaf = AccountFields & { storageRoot: Uint8Array }

/**
 * Account trie values: rlp([nonce, balance, storageRoot, codeHash]), held in
 * the leaf as an RLP string. Encoded from the record at commit time, so an
 * update allocates nothing.
 */
export const accountCodec: ValueCodec<AccountLeaf> = {
  itemLength(account) {
    const inner = innerLength(account)
    return rlpWriter.headerLength(inner) + inner
  },
  writeItem(account, buf, pos) {
    const payload = rlpWriter.uintItemLength(account.nonce) + rlpWriter.uintItemLength(account.balance) + 66
    pos = rlpWriter.writeHeader(buf, pos, rlpWriter.headerLength(payload) + payload, 0x80)
    pos = rlpWriter.writeHeader(buf, pos, payload, 0xc0)
    pos = rlpWriter.writeUintItem(buf, pos, account.nonce)
    pos = rlpWriter.writeUintItem(buf, pos, account.balance)
    buf[pos++] = 0xa0
    buf.set(account.storageRoot, pos)
    pos += 32
    buf[pos++] = 0xa0
    buf.set(account.codeHash, pos)
    return pos + 32
  },
  isEmpty: () => false,
}

function innerLength(account: AccountLeaf): number {
  const payload = rlpWriter.uintItemLength(account.nonce) + rlpWriter.uintItemLength(account.balance) + 66
  return rlpWriter.headerLength(payload) + payload
}

/** Throws InvalidStateInputError unless the fields fit their RLP types (checked when applied, not at root). */
export function assertAccountFields(account: AccountFields): void {
  if (account.nonce < 0n || account.nonce > MAX_UINT64) throw new InvalidStateInputError('nonce')
  if (account.balance < 0n || account.balance > MAX_UINT256) throw new InvalidStateInputError('balance')
  if (account.codeHash.length !== 32) throw new InvalidStateInputError('code hash', 'must be 32 bytes')
}
