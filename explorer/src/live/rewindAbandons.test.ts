import { describe, expect, it } from 'vitest'
import { rewindAbandons } from './rewindAbandons.ts'

const rewind = { block: '10', miniBlock: '100', abandonedBlocks: 2, abandonedMiniBlocks: 5 }

describe('rewindAbandons', () => {
  it('abandons what lies above the rewind point and keeps the point itself', () => {
    expect(rewindAbandons.block(rewind, { number: '11' })).toBe(true)
    expect(rewindAbandons.block(rewind, { number: '10' })).toBe(false)
    expect(rewindAbandons.miniBlock(rewind, { number: '101' })).toBe(true)
    expect(rewindAbandons.miniBlock(rewind, { number: '100' })).toBe(false)
    expect(rewindAbandons.inMiniBlock(rewind, { miniBlockNumber: '101' })).toBe(true)
    expect(rewindAbandons.inMiniBlock(rewind, { miniBlockNumber: '99' })).toBe(false)
  })

  it('compares numbers, not strings', () => {
    expect(rewindAbandons.block(rewind, { number: '9' })).toBe(false)
    expect(rewindAbandons.miniBlock(rewind, { number: '1000' })).toBe(true)
  })
})
