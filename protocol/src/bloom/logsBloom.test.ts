import { describe, expect, it } from 'vitest'
import { logsBloom, orBloom } from './logsBloom.ts'

const address = new Uint8Array(20).fill(0xab)
const topic = new Uint8Array(32).fill(0x01)
const bitCount = (bloom: Uint8Array) =>
  bloom.reduce((n, b) => n + b.toString(2).replaceAll('0', '').length, 0)

describe('logsBloom', () => {
  it('sets 3 bits per address and topic, none for no logs', () => {
    expect(logsBloom([]).every((b) => b === 0)).toBe(true)
    const bits = bitCount(logsBloom([{ address, topics: [], data: new Uint8Array() }]))
    expect(bits).toBeGreaterThan(0)
    expect(bits).toBeLessThanOrEqual(3)
  })

  it('ORs into a given bloom, as orBloom of the separate blooms', () => {
    const a = logsBloom([{ address, topics: [], data: new Uint8Array() }])
    const b = logsBloom([{ address: topic.subarray(0, 20), topics: [topic], data: new Uint8Array() }])
    const merged = new Uint8Array(256)
    orBloom(merged, a)
    orBloom(merged, b)
    expect(
      logsBloom([{ address: topic.subarray(0, 20), topics: [topic], data: new Uint8Array() }], a),
    ).toEqual(merged)
  })
})
