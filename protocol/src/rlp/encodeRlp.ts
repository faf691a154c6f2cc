import { rlpWriter } from './rlpWriter.ts'

/** An RLP value: a byte string or a list of values. */
export type RlpItem = Uint8Array | RlpItem[]

/**
 * Ethereum RLP encoding. Sizes are computed first and the output written into
 * one exact buffer; lists recompute child sizes per nesting level, which is
 * fine for the shallow structures (headers, proofs) this is used for.
 */
export function encodeRlp(item: RlpItem): Uint8Array {
  const out = new Uint8Array(encodedLength(item))
  write(item, out, 0)
  return out
}

function payloadLengthOf(list: RlpItem[]): number {
  let total = 0
  for (const child of list) total += encodedLength(child)
  return total
}

function encodedLength(item: RlpItem): number {
  if (item instanceof Uint8Array) return rlpWriter.stringLength(item)
  const payload = payloadLengthOf(item)
  return rlpWriter.headerLength(payload) + payload
}

function write(item: RlpItem, out: Uint8Array, pos: number): number {
  if (item instanceof Uint8Array) return rlpWriter.writeString(out, pos, item)
  pos = rlpWriter.writeHeader(out, pos, payloadLengthOf(item), 0xc0)
  for (const child of item) pos = write(child, out, pos)
  return pos
}
