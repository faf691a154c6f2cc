import { rlpWriter } from '@rtevm/protocol/rlp'
import { InvalidStateInputError } from './errors.ts'
import type { ValueCodec } from './ValueCodec.ts'

/**
 * Storage slot values kept as bigints. A storage leaf commits to
 * rlp(minimal big-endian bytes of the value), itself held in the leaf as an
 * RLP string, so values of 0x80 and more carry two headers. Zero deletes.
 */
export const storageCodec: ValueCodec<bigint> = {
  itemLength(value) {
    const inner = rlpWriter.uintItemLength(value)
    return inner === 1 ? 1 : 1 + inner
  },
  writeItem(value, buf, pos) {
    const inner = rlpWriter.uintItemLength(value)
    if (inner !== 1) buf[pos++] = 0x80 + inner
    return rlpWriter.writeUintItem(buf, pos, value)
  },
  isEmpty: (value) => value === 0n,
}

const MAX_UINT256 = (1n << 256n) - 1n

/** Throws InvalidStateInputError unless `value` is a uint256. */
export function assertStorageValue(value: bigint): void {
  if (value < 0n || value > MAX_UINT256)
    throw new InvalidStateInputError('storage value', 'must be a uint256')
}
