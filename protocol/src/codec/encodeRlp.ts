import { numberByteLength, writeNumberBE } from './bigintBytes.ts'

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

function headerLength(payloadLength: number): number {
  return payloadLength < 56 ? 1 : 1 + numberByteLength(payloadLength)
}

function payloadLengthOf(list: RlpItem[]): number {
  let total = 0
  for (const child of list) total += encodedLength(child)
  return total
}

function encodedLength(item: RlpItem): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return 1
    return headerLength(item.length) + item.length
  }
  const payload = payloadLengthOf(item)
  return headerLength(payload) + payload
}

function writeHeader(out: Uint8Array, pos: number, shortBase: number, payloadLength: number): number {
  if (payloadLength < 56) {
    out[pos] = shortBase + payloadLength
    return pos + 1
  }
  const lengthOfLength = numberByteLength(payloadLength)
  // 0xb7 / 0xf7 plus the length of the length.
  out[pos] = shortBase + 55 + lengthOfLength
  writeNumberBE(out, pos + 1, lengthOfLength, payloadLength)
  return pos + 1 + lengthOfLength
}

function write(item: RlpItem, out: Uint8Array, pos: number): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) {
      out[pos] = item[0]
      return pos + 1
    }
    pos = writeHeader(out, pos, 0x80, item.length)
    out.set(item, pos)
    return pos + item.length
  }
  pos = writeHeader(out, pos, 0xc0, payloadLengthOf(item))
  for (const child of item) pos = write(child, out, pos)
  return pos
}
