import { describe, expect, it } from 'vitest'
import { ParamShapeError } from './Param.ts'
import { address, blockTag, boolean, data, hash32, integer, object, quantity } from './params.ts'

const h32 = `0x${'ab'.repeat(32)}`

describe('param parsers', () => {
  it('quantity accepts minimal hex and rejects leading zeros, decimals, > 256 bits', () => {
    expect(quantity().parse('0x0')).toBe(0n)
    expect(quantity().parse('0xFF')).toBe(255n)
    for (const bad of ['0x', '0x01', '10', 10, `0x1${'0'.repeat(64)}`, null]) {
      expect(() => quantity().parse(bad)).toThrow(ParamShapeError)
    }
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
