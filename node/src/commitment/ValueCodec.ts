import { rlpWriter } from '@rtevm/protocol/rlp'

/**
 * How a trie writes its values into leaves. The trie stores values as given
 * and encodes them only when it commits, so a value can be a bigint or a
 * record the caller updates in place rather than a fresh byte array per
 * update: allocating small typed arrays measured 1-4 µs each here, more than
 * the hashing they feed.
 */
export type ValueCodec<V> = {
  /** Length of the value's RLP item: the value bytes the trie commits to, as an RLP string. */
  itemLength(value: V): number
  /** Writes that item at `buf[pos..]`; returns the position after it. */
  writeItem(value: V, buf: Uint8Array, pos: number): number
  /** True for values that mean "no entry" (`put` then deletes). */
  isEmpty(value: V): boolean
}

/** Plain byte values, committed as they are; an empty value deletes (as in Ethereum's tries). */
export const bytesCodec: ValueCodec<Uint8Array> = {
  itemLength: rlpWriter.stringLength,
  writeItem: (value, buf, pos) => rlpWriter.writeString(buf, pos, value),
  isEmpty: (value) => value.length === 0,
}
