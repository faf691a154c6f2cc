import { describe, expect, it } from 'vitest'
import { ParamShapeError } from '../jsonrpc/index.ts'
import { parseLogFilter } from './queryLogs.ts'

const hash = `0x${'ab'.repeat(32)}`
const address = `0x${'cd'.repeat(20)}`

describe('parseLogFilter', () => {
  it('reads bounds, a block hash, addresses and topics', () => {
    expect(parseLogFilter({ fromBlock: '0x1', toBlock: 'latest' })).toMatchObject({
      fromBlock: { kind: 'number', number: 1n },
      toBlock: { kind: 'named', tag: 'latest' },
    })
    expect(parseLogFilter({ blockHash: hash }).blockHash).toHaveLength(32)
    const filter = parseLogFilter({ address, topics: [hash, null, [hash, hash]] })
    expect(filter.addresses).toHaveLength(1)
    expect(filter.topics?.[0]).toBeInstanceOf(Uint8Array)
    expect(filter.topics?.[1]).toBeNull()
    expect(filter.topics?.[2]).toHaveLength(2)
  })

  it.each([
    ['blockHash with fromBlock', { fromBlock: '0x1', blockHash: hash }, /blockHash cannot be combined/],
    ['blockHash with toBlock', { toBlock: 'latest', blockHash: hash }, /blockHash cannot be combined/],
    ['a reversed range', { fromBlock: '0x3', toBlock: '0x2' }, /fromBlock 0x3 is after toBlock 0x2/],
    ['five topics', { topics: [null, null, null, null, null] }, /^topics: expected an array of at most 4/],
    ['nested topic alternatives', { topics: [[[hash]]] }, /^topics: expected a 32-byte hex hash/],
    ['a short topic', { topics: ['0x01'] }, /^topics: expected a 32-byte hex hash/],
    ['a short address', { address: '0x1234' }, /^address: expected a 20-byte hex address/],
    ['a bound with leading zeros', { fromBlock: '0x01' }, /^fromBlock: expected a block number/],
    ['a bound as an EIP-1898 object', { toBlock: { blockHash: hash } }, /^toBlock: expected a block number/],
    ['a short block hash', { blockHash: '0xab' }, /^blockHash: expected a 32-byte hex hash/],
  ])('refuses %s, naming the field', (_name, filter, message) => {
    expect(() => parseLogFilter(filter)).toThrow(ParamShapeError)
    expect(() => parseLogFilter(filter)).toThrow(message)
  })
})
