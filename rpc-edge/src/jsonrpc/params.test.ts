import { describe, expect, it } from 'vitest'
import { field, ParamShapeError } from './Param.ts'
import {
  address,
  blockNumberOrTag,
  blockTag,
  boolean,
  data,
  hash32,
  integer,
  object,
  parseQuantity,
  quantity,
} from './params.ts'

const h32 = `0x${'ab'.repeat(32)}`

describe('param parsers', () => {
  it('quantity accepts minimal hex and rejects leading zeros, decimals, > 256 bits', () => {
    expect(quantity().parse('0x0')).toBe(0n)
    expect(quantity().parse('0xFF')).toBe(255n)
    for (const bad of ['0x', '0x01', '10', 10, `0x1${'0'.repeat(64)}`, null]) {
      expect(() => quantity().parse(bad)).toThrow(ParamShapeError)
    }
  })

  it('quantity refuses values wider than its type, naming the field', () => {
    expect(quantity('index', 64).parse('0xffffffffffffffff')).toBe(2n ** 64n - 1n)
    expect(() => quantity('index', 64).parse('0x10000000000000000')).toThrow(/index of at most 64 bits/)
    expect(quantity('value').parse(`0x${'f'.repeat(64)}`)).toBe(2n ** 256n - 1n)
    expect(() => parseQuantity('0x01', 64, 'gas')).toThrow(/gas as a hex quantity/)
  })

  it('address, hash and data check lengths', () => {
    expect(address().parse(`0x${'Ab'.repeat(20)}`)).toHaveLength(20)
    expect(() => address().parse(`0x${'ab'.repeat(19)}`)).toThrow(/20-byte/)
    expect(hash32().parse(h32)).toHaveLength(32)
    expect(() => hash32().parse('0xab')).toThrow(/32-byte/)
    expect(data().parse('0x')).toHaveLength(0)
    expect(() => data().parse('0xabc')).toThrow(/hex bytes/)
  })

  it('blockTag reads names, numbers and EIP-1898 objects', () => {
    expect(blockTag().parse('safe')).toEqual({ kind: 'named', tag: 'safe' })
    expect(blockTag().parse('0x10')).toEqual({ kind: 'number', number: 16n })
    expect(blockTag().parse({ blockHash: h32, requireCanonical: true })).toMatchObject({
      kind: 'hash',
      requireCanonical: true,
    })
    expect(blockTag().parse({ blockNumber: '0x2' })).toEqual({ kind: 'number', number: 2n })
    for (const bad of ['newest', 5, { blockHash: '0x12' }, { blockHash: h32, blockNumber: '0x1' }, []]) {
      expect(() => blockTag().parse(bad)).toThrow(ParamShapeError)
    }
  })

  it('blockTag refuses a requireCanonical that is not a boolean, and blockNumberOrTag refuses objects', () => {
    expect(() => blockTag().parse({ blockHash: h32, requireCanonical: 'true' })).toThrow(
      /requireCanonical as a boolean/,
    )
    expect(blockNumberOrTag().parse('pending')).toEqual({ kind: 'named', tag: 'pending' })
    expect(blockNumberOrTag().parse('0x5')).toEqual({ kind: 'number', number: 5n })
    for (const bad of [{ blockHash: h32 }, { blockNumber: '0x1' }, '0x01', '0x', 5]) {
      expect(() => blockNumberOrTag().parse(bad)).toThrow(ParamShapeError)
    }
  })

  it('field names the field of an object parameter in a shape error', () => {
    expect(field({ fromBlock: '0x1' }, 'fromBlock', blockNumberOrTag())).toEqual({
      kind: 'number',
      number: 1n,
    })
    expect(field({ fromBlock: null }, 'fromBlock', blockNumberOrTag())).toBeUndefined()
    expect(() => field({ fromBlock: 'soon' }, 'fromBlock', blockNumberOrTag())).toThrow(
      /^fromBlock: expected a block number or tag/,
    )
  })

  it('blockTag refuses block numbers wider than 64 bits', () => {
    expect(blockTag().parse('0xffffffffffffffff')).toEqual({ kind: 'number', number: 2n ** 64n - 1n })
    expect(() => blockTag().parse('0x10000000000000000')).toThrow(/at most 64 bits/)
    expect(() => blockTag().parse({ blockNumber: '0x10000000000000000' })).toThrow(/at most 64 bits/)
  })

  it('boolean, integer and object are strict', () => {
    expect(boolean().parse(true)).toBe(true)
    expect(() => boolean().parse('true')).toThrow(ParamShapeError)
    expect(integer('t', 10).parse(5)).toBe(5)
    expect(integer('t', 10).parse('0xa')).toBe(10)
    expect(() => integer('t', 10).parse(11)).toThrow(/between 0 and 10/)
    expect(() => integer('t').parse(1.5)).toThrow(ParamShapeError)
    expect(object('o').parse({ a: 1 })).toEqual({ a: 1 })
    expect(() => object('o').parse([1])).toThrow(/an object, got an array/)
  })
})
