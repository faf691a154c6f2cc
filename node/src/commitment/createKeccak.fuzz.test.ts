import { keccak_256 } from '@noble/hashes/sha3.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createKeccak } from './createKeccak.ts'

describe('createKeccak', () => {
  const keccak = createKeccak()

  test('matches @noble/hashes keccak_256 on every length around the 136-byte rate', () => {
    for (let length = 0; length <= 3 * 136 + 1; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff)
      expect(keccak.hash(data)).toEqual(keccak_256(data))
    }
  })

  test('matches @noble/hashes keccak_256 on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (data) => {
        expect(keccak.hash(data)).toEqual(keccak_256(data))
      }),
      { numRuns: 500 },
    )
  })

  test('grows its memory for inputs larger than the initial pages', () => {
    const data = new Uint8Array(300_000).map((_, i) => i & 0xff)
    expect(keccak.hash(data)).toEqual(keccak_256(data))
    // Still right on small inputs after growing (the views were refreshed).
    expect(keccak.hash(Uint8Array.of(1, 2, 3))).toEqual(keccak_256(Uint8Array.of(1, 2, 3)))
  })

  test('digest hashes what was written into the scratch view', () => {
    const data = Uint8Array.of(0xde, 0xad, 0xbe, 0xef)
    keccak.scratch(data.length).set(data)
    expect(keccak.digest(data.length)).toEqual(keccak_256(data))
  })
})
