import { hexToBytes } from 'viem'
import { expected, type Param } from './Param.ts'

const QUANTITY = /^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/
const HEX_DATA = /^0x([0-9a-fA-F]{2})*$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH32 = /^0x[0-9a-fA-F]{64}$/
/** A block number is a uint64 (execution-apis' BlockNumber); a wider one is refused, not answered with null. */
const BLOCK_NUMBER = /^0x(0|[1-9a-fA-F][0-9a-fA-F]{0,15})$/

/** Block tags with names; `latest`/`pending` mean the newest mini-block (DESIGN.md). */
export type NamedBlockTag = 'latest' | 'pending' | 'safe' | 'finalized' | 'earliest'

/** A block selector as methods receive it (EIP-1898 objects included). */
export type BlockTag =
  | { kind: 'named'; tag: NamedBlockTag }
  | { kind: 'number'; number: bigint }
  | { kind: 'hash'; hash: Uint8Array; requireCanonical: boolean }

const NAMED_TAGS: ReadonlySet<string> = new Set(['latest', 'pending', 'safe', 'finalized', 'earliest'])

function make<T>(name: string, parse: (value: unknown) => T): Param<T> {
  return { name, optional: false, parse }
}

/**
 * Reads a hex quantity (no leading zeros, per EIP-1474) of at most `bits`
 * bits: execution-apis types counts, indexes, gas and nonces as uint64 and
 * values as uint256, and a wider one is refused rather than wrapped or
 * answered. `what` names the field in the error.
 */
export function parseQuantity(value: unknown, bits: 64 | 256, what: string): bigint {
  if (typeof value !== 'string' || !QUANTITY.test(value))
    return expected(`${what} as a hex quantity like 0x1a`, value)
  if (value.length - 2 > bits / 4) return expected(`${what} of at most ${bits} bits`, value)
  return BigInt(value)
}

/** A hex quantity as a bigint, a uint256 unless `bits` says uint64. */
export function quantity(name = 'quantity', bits: 64 | 256 = 256): Param<bigint> {
  return make(name, (value) => parseQuantity(value, bits, name))
}

/** A non-negative integer given as a JSON number or hex quantity, at most `max` (timeouts, counts). */
export function integer(name: string, max = Number.MAX_SAFE_INTEGER): Param<number> {
  return make(name, (value) => {
    let n: number
    if (typeof value === 'number' && Number.isSafeInteger(value)) n = value
    else if (typeof value === 'string' && QUANTITY.test(value) && value.length <= 15) n = Number(value)
    else return expected('a non-negative integer', value)
    if (n < 0 || n > max) return expected(`an integer between 0 and ${max}`, value)
    return n
  })
}

/** Hex bytes of any even length (0x allowed) as bytes. */
export function data(name = 'data'): Param<Uint8Array> {
  return make(name, (value) => {
    if (typeof value !== 'string' || !HEX_DATA.test(value)) return expected('0x-prefixed hex bytes', value)
    return hexToBytes(value as `0x${string}`)
  })
}

/** A 20-byte address; checksum case is accepted but not enforced, as geth does. */
export function address(name = 'address'): Param<Uint8Array> {
  return make(name, (value) => {
    if (typeof value !== 'string' || !ADDRESS.test(value)) return expected('a 20-byte hex address', value)
    return hexToBytes(value as `0x${string}`)
  })
}

/** A 32-byte hash (block, transaction) or storage slot. */
export function hash32(name = 'hash'): Param<Uint8Array> {
  return make(name, (value) => {
    if (typeof value !== 'string' || !HASH32.test(value)) return expected('a 32-byte hex hash', value)
    return hexToBytes(value as `0x${string}`)
  })
}

/** A JSON boolean; `"true"` strings are rejected so client bugs surface. */
export function boolean(name = 'flag'): Param<boolean> {
  return make(name, (value) => (typeof value === 'boolean' ? value : expected('a boolean', value)))
}

/** A JSON object, handed to a method-specific validator (call requests, filters). */
export function object<T = Record<string, unknown>>(
  name: string,
  validate: (value: Record<string, unknown>) => T = (value) => value as T,
): Param<T> {
  return make(name, (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return expected('an object', value)
    return validate(value as Record<string, unknown>)
  })
}

/** A block tag name or a uint64 block number; `undefined` for any other string, a shape error for a wider number. */
function numberOrTag(value: string): BlockTag | undefined {
  if (NAMED_TAGS.has(value)) return { kind: 'named', tag: value as NamedBlockTag }
  if (BLOCK_NUMBER.test(value)) return { kind: 'number', number: BigInt(value) }
  if (QUANTITY.test(value)) return expected('a block number of at most 64 bits', value)
  return undefined
}

const TAG_SHAPE = 'a block number or tag (latest, pending, safe, finalized, earliest)'

/** A block tag or number, as log filters take `fromBlock` / `toBlock` (no EIP-1898 objects there). */
export function blockNumberOrTag(name = 'block'): Param<BlockTag> {
  return make(
    name,
    (value) => (typeof value === 'string' && numberOrTag(value)) || expected(TAG_SHAPE, value),
  )
}

/** A block tag, number, hash, or EIP-1898 `{blockHash, requireCanonical?}` / `{blockNumber}` object. */
export function blockTag(name = 'block'): Param<BlockTag> {
  return make(name, (value) => {
    if (typeof value === 'string') {
      // A bare 32-byte hash is a block hash (execution-apis' BlockNumberOrTagOrHash), never a number.
      if (HASH32.test(value))
        return { kind: 'hash', hash: hexToBytes(value as `0x${string}`), requireCanonical: false }
      const tag = numberOrTag(value)
      if (tag) return tag
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const o = value as Record<string, unknown>
      if (typeof o.blockHash === 'string' && HASH32.test(o.blockHash) && o.blockNumber === undefined) {
        const canonical = o.requireCanonical
        if (canonical !== undefined && typeof canonical !== 'boolean')
          return expected('requireCanonical as a boolean', canonical)
        return {
          kind: 'hash',
          hash: hexToBytes(o.blockHash as `0x${string}`),
          requireCanonical: canonical === true,
        }
      }
      if (typeof o.blockNumber === 'string' && o.blockHash === undefined) {
        const tag = numberOrTag(o.blockNumber)
        if (tag) return tag
      }
    }
    return expected(`${TAG_SHAPE} or {blockHash}`, value)
  })
}

/** Makes a parameter optional: omitted, `undefined` and `null` parse to `undefined`. */
export function optional<T>(param: Param<T>): Param<T | undefined> {
  return { ...param, optional: true }
}
