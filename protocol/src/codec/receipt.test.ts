import { describe, expect, test } from 'vitest'
import { DecodeError } from '../errors/index.ts'
import { ByteReader } from './ByteReader.ts'
import { ByteWriter } from './ByteWriter.ts'
import { readReceipt } from './receipt.ts'

/** A hand-built receipt body: flags, gas, cumulative gas, price, then whatever `rest` writes. */
function receiptBytes(flags: number, rest: (w: ByteWriter) => void = (w) => w.varint(0, 'logs')): Uint8Array {
  const w = new ByteWriter('test')
  w.u8(flags, 'flags')
  w.u64(21_000n, 'gasUsed')
  w.u64(21_000n, 'cumulativeGasUsed')
  w.uint256(1n, 'effectiveGasPrice')
  rest(w)
  return w.finish()
}

const read = (bytes: Uint8Array) => readReceipt(new ByteReader(bytes, 'receipt'))

describe('receipt decoding', () => {
  test('reads a minimal successful receipt', () => {
    expect(read(receiptBytes(1))).toStrictEqual({
      status: 1,
      gasUsed: 21_000n,
      cumulativeGasUsed: 21_000n,
      effectiveGasPrice: 1n,
      logs: [],
    })
  })

  test('rejects revert data on a successful receipt', () => {
    expect(() => read(receiptBytes(1 | 4, (w) => [w.varint(0, 'logs'), w.bytes(new Uint8Array(1))]))).toThrow(
      /revertData on a successful receipt/,
    )
  })

  test('rejects unknown flag bits', () => {
    expect(() => read(receiptBytes(8))).toThrow(DecodeError)
  })

  test('rejects a log with five topics', () => {
    const bytes = receiptBytes(1, (w) => {
      w.varint(1, 'logs')
      w.fixed(new Uint8Array(20), 20, 'address')
      w.u8(5, 'topics')
      for (let i = 0; i < 5; i++) w.fixed(new Uint8Array(32), 32, 'topic')
      w.bytes(new Uint8Array(0))
    })
    expect(() => read(bytes)).toThrow(/5 topics, at most 4/)
  })
})
