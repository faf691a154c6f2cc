import { describe, expect, it } from 'vitest'
import { rewindAbandonsPosition } from './pagePosition.ts'

const rewind = { block: '10', miniBlock: '100', abandonedBlocks: 2, abandonedMiniBlocks: 5 }

describe('rewindAbandonsPosition', () => {
  it('abandons a transaction or mini-block above the rewind mini-block, a block above the rewind block', () => {
    const tx = { kind: 'transaction', hash: '0x01', timestampUs: '1' } as const
    expect(rewindAbandonsPosition(rewind, { ...tx, miniBlock: '101' })).toBe(true)
    expect(rewindAbandonsPosition(rewind, { ...tx, miniBlock: '100' })).toBe(false)
    const miniBlock = { kind: 'mini-block', timestampUs: '1' } as const
    expect(rewindAbandonsPosition(rewind, { ...miniBlock, number: '101' })).toBe(true)
    expect(rewindAbandonsPosition(rewind, { ...miniBlock, number: '100' })).toBe(false)
    expect(rewindAbandonsPosition(rewind, { kind: 'block', number: '11', hash: '0x02' })).toBe(true)
    expect(rewindAbandonsPosition(rewind, { kind: 'block', number: '10', hash: '0x02' })).toBe(false)
  })
})
