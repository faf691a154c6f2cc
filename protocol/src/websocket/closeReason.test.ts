import { describe, expect, it } from 'vitest'
import { closeReason } from './closeReason.ts'

const byteLength = (text: string) => new TextEncoder().encode(text).length

describe('closeReason', () => {
  it('keeps a reason of up to 123 bytes as it is', () => {
    expect(closeReason('slow consumer')).toBe('slow consumer')
    expect(closeReason('x'.repeat(123))).toBe('x'.repeat(123))
  })

  it('cuts a longer one to 120 bytes', () => {
    expect(closeReason('x'.repeat(200))).toBe('x'.repeat(120))
  })

  it('never ends in half a character', () => {
    const cut = closeReason('é'.repeat(100))
    expect(byteLength(cut)).toBeLessThanOrEqual(120)
    expect(cut).toBe('é'.repeat(60))
    const odd = closeReason(`x${'é'.repeat(100)}`)
    expect(odd).toBe(`x${'é'.repeat(59)}`)
  })
})
