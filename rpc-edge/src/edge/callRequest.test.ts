import { describe, expect, it } from 'vitest'
import { parseCallObject } from './callRequest.ts'

const to = `0x${'11'.repeat(20)}`

describe('parseCallObject', () => {
  it('takes input, or data, or both when they are equal', () => {
    expect(parseCallObject({ to, input: '0x1234' }).data).toEqual(Uint8Array.of(0x12, 0x34))
    expect(parseCallObject({ to, data: '0x1234' }).data).toEqual(Uint8Array.of(0x12, 0x34))
    expect(parseCallObject({ to, input: '0xab', data: '0xab' }).data).toEqual(Uint8Array.of(0xab))
  })

  it('refuses input and data that differ, naming the field to use', () => {
    expect(() => parseCallObject({ to, input: '0x12', data: '0x34' })).toThrow(
      /"input" and "data" to be equal/,
    )
  })

  it('accepts a known type and refuses a malformed or unknown one', () => {
    expect(parseCallObject({ to, type: '0x2' }).to).toBeDefined()
    expect(() => parseCallObject({ to, type: '0xzz' })).toThrow(/type as a hex quantity/)
    expect(() => parseCallObject({ to, type: '0x7f' })).toThrow(/type as one of 0x0 … 0x4/)
  })
})
