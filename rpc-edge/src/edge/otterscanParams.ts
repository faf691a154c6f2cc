import { type BlockTag, blockTag, expected, integer, type Param } from '../jsonrpc/index.ts'

/**
 * A block as Otterscan sends it: a JSON number (its block pages and
 * searches send plain numbers, which Erigon accepts), or a hex number or
 * tag as any other method takes.
 */
export function otsBlock(name = 'block'): Param<BlockTag> {
  const tag = blockTag(name)
  return {
    ...tag,
    parse(value) {
      if (typeof value !== 'number') return tag.parse(value)
      if (!Number.isSafeInteger(value) || value < 0) return expected('a non-negative block number', value)
      return { kind: 'number', number: BigInt(value) }
    },
  }
}

/** A block number (JSON number or hex quantity), with no tags: where Otterscan searches from. */
export function otsBlockNumber(name = 'block number'): Param<bigint> {
  const n = integer(name)
  return { ...n, parse: (value) => BigInt(n.parse(value)) }
}

/** A page size from 1 to `max`: searches and block pages are bounded so one request stays cheap. */
export function pageSize(max: number, name = 'page size'): Param<number> {
  const n = integer(name, max)
  return {
    ...n,
    parse(value) {
      const size = n.parse(value)
      return size === 0 ? expected(`a page size between 1 and ${max}`, value) : size
    },
  }
}
