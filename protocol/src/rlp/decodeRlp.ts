import { readNumberBE } from '../codec/bigintBytes.ts'
import { DecodeError } from '../errors/index.ts'
import type { RlpItem } from './encodeRlp.ts'

/** Deeper nesting than any Ethereum structure needs; bounds recursion on hostile input. */
const MAX_DEPTH = 32

/**
 * Strict RLP decoding of exactly one item filling all of `bytes`. Rejects
 * everything a canonical encoder would not produce (a single byte below 0x80
 * wrapped in a string header, long form for short payloads, leading zeros in
 * lengths), so decoding then re-encoding gives back the same bytes.
 * Byte strings are views into `bytes`: copy what you keep.
 */
export function decodeRlp(bytes: Uint8Array, what = 'RLP'): RlpItem {
  const [item, end] = decodeItem(bytes, 0, bytes.length, 0, what)
  if (end !== bytes.length) fail(what, end, `${bytes.length - end} trailing bytes`)
  return item
}

function fail(what: string, offset: number, problem: string): never {
  throw new DecodeError(what, { details: `RLP at offset ${offset}: ${problem}` })
}

/** Decodes one item in `bytes[pos, limit)`; returns it and the offset after it. */
function decodeItem(
  bytes: Uint8Array,
  pos: number,
  limit: number,
  depth: number,
  what: string,
): [RlpItem, number] {
  if (pos >= limit) fail(what, pos, 'truncated item')
  const prefix = bytes[pos]
  if (prefix < 0x80) return [bytes.subarray(pos, pos + 1), pos + 1]

  const isList = prefix >= 0xc0
  const base = isList ? 0xc0 : 0x80
  let payloadStart: number
  let payloadLength: number
  if (prefix - base < 56) {
    payloadStart = pos + 1
    payloadLength = prefix - base
  } else {
    const lengthOfLength = prefix - base - 55
    if (pos + 1 + lengthOfLength > limit) fail(what, pos, 'truncated length')
    if (bytes[pos + 1] === 0) fail(what, pos, 'length with a leading zero byte')
    // Anything over 6 bytes cannot fit in memory, and would not fit below either.
    if (lengthOfLength > 6) fail(what, pos, `length of ${lengthOfLength} bytes`)
    payloadLength = readNumberBE(bytes, pos + 1, lengthOfLength)
    if (payloadLength < 56) fail(what, pos, 'long-form length for a short payload')
    payloadStart = pos + 1 + lengthOfLength
  }
  const payloadEnd = payloadStart + payloadLength
  if (payloadEnd > limit)
    fail(what, pos, `payload of ${payloadLength} bytes exceeds the ${limit - payloadStart} left`)

  if (!isList) {
    if (payloadLength === 1 && bytes[payloadStart] < 0x80) {
      fail(what, pos, 'single byte below 0x80 must encode as itself')
    }
    return [bytes.subarray(payloadStart, payloadEnd), payloadEnd]
  }

  if (depth >= MAX_DEPTH) fail(what, pos, `nesting deeper than ${MAX_DEPTH}`)
  const items: RlpItem[] = []
  let at = payloadStart
  while (at < payloadEnd) {
    const [child, next] = decodeItem(bytes, at, payloadEnd, depth + 1, what)
    items.push(child)
    at = next
  }
  return [items, payloadEnd]
}
