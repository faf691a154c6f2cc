import { describe, expect, it } from 'vitest'
import { createRingWindow } from './createRingWindow.ts'

const key = (n: number) => String(n)

describe('createRingWindow', () => {
  it('keeps the newest `size` items, newest first, in fixed memory', () => {
    const ring = createRingWindow(3, key, [12, 11, 10])
    expect(ring.takeFrame()).toBeNull() // nothing arrived yet
    for (let n = 13; n <= 1_000; n++) ring.push(n)
    expect(ring.takeFrame()).toEqual([1_000, 999, 998])
    expect(ring.received()).toBe(988)
  })

  it('counts items that came and went between two frames as skipped', () => {
    const ring = createRingWindow(5, key)
    for (let n = 1; n <= 3; n++) ring.push(n)
    expect(ring.takeFrame()).toEqual([3, 2, 1])
    expect(ring.skipped()).toBe(0)
    for (let n = 4; n <= 20; n++) ring.push(n) // 17 arrive, 5 fit
    expect(ring.takeFrame()).toEqual([20, 19, 18, 17, 16])
    expect(ring.skipped()).toBe(12)
    expect(ring.takeFrame()).toBeNull()
  })

  it('drops an item already in the window (server rows overlapping the first notifications)', () => {
    const ring = createRingWindow(4, key, [2, 1])
    expect(ring.push(2)).toBe(false)
    expect(ring.push(3)).toBe(true)
    expect(ring.takeFrame()).toEqual([3, 2, 1])
    expect(ring.received()).toBe(1)
  })

  it('merges two in-order feeds: a sequence is taken from whichever feed delivers it first', () => {
    type Tx = { hash: string; miniBlock: bigint }
    const tx = (miniBlock: number, i: number): Tx => ({
      hash: `${miniBlock}-${i}`,
      miniBlock: BigInt(miniBlock),
    })
    const ring = createRingWindow<Tx>(2, (t) => t.hash, [tx(1, 0)], { sequenceOf: (t) => t.miniBlock })
    // The edge delivers mini-block 2 (three transactions, more than the window), then the indexer does.
    for (let i = 0; i < 3; i++) expect(ring.push(tx(2, i), 'edge')).toBe(true)
    for (let i = 0; i < 3; i++) expect(ring.push(tx(2, i), 'indexer')).toBe(false)
    // The indexer is first with mini-block 3; the edge's copy and anything older are dropped.
    expect(ring.push(tx(3, 0), 'indexer')).toBe(true)
    expect(ring.push(tx(3, 0), 'edge')).toBe(false)
    expect(ring.push(tx(1, 1), 'edge')).toBe(false)
    expect(ring.takeFrame()?.map((t) => t.hash)).toEqual(['3-0', '2-2'])
    expect(ring.received()).toBe(4)
  })

  it('a rewind drops the abandoned items and the next frame draws what is left', () => {
    const ring = createRingWindow(4, key)
    for (let n = 1; n <= 6; n++) ring.push(n) // wrapped: holds 3..6
    expect(ring.takeFrame()).toEqual([6, 5, 4, 3])
    expect(ring.rewind((n) => n > 4)).toBe(2)
    expect(ring.takeFrame()).toEqual([4, 3])
    expect(ring.rewind((n) => n > 4)).toBe(0)
    expect(ring.takeFrame()).toBeNull()
    // The new branch reuses the numbers; the window stays `size` long.
    for (let n = 5; n <= 8; n++) expect(ring.push(n)).toBe(true)
    expect(ring.takeFrame()).toEqual([8, 7, 6, 5])
  })

  it('after a rewind, merged feeds take the reused sequences again', () => {
    type Tx = { hash: string; miniBlock: bigint }
    const tx = (miniBlock: number, hash: string): Tx => ({ hash, miniBlock: BigInt(miniBlock) })
    const ring = createRingWindow<Tx>(5, (t) => t.hash, [], { sequenceOf: (t) => t.miniBlock })
    for (const [mb, hash] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ] as const)
      ring.push(tx(mb, hash), 'edge')
    // Rewound to mini-block 2: c and d are abandoned.
    expect(ring.rewind((t) => t.miniBlock > 2n)).toBe(2)
    expect(ring.push(tx(3, 'x'), 'indexer')).toBe(true)
    expect(ring.push(tx(3, 'x'), 'edge')).toBe(false)
    expect(ring.push(tx(2, 'late'), 'edge')).toBe(false)
    expect(ring.takeFrame()?.map((t) => t.hash)).toEqual(['x', 'b', 'a'])
  })

  it('a rewind that abandons everything leaves an empty window that fills again', () => {
    const ring = createRingWindow(3, key, [3, 2, 1], { sequenceOf: (n) => BigInt(n) })
    expect(ring.rewind(() => true)).toBe(3)
    expect(ring.takeFrame()).toEqual([])
    expect(ring.push(1, 'indexer')).toBe(true)
    expect(ring.takeFrame()).toEqual([1])
  })

  it('rejects a window without room', () => {
    expect(() => createRingWindow(0, key)).toThrow(RangeError)
  })
})
