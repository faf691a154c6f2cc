import { randomBytes } from 'node:crypto'
import type { Log } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { logsBloom } from '../block/index.ts'
import { createBloomHasher } from './createBloomHasher.ts'

describe('createBloomHasher', () => {
  it('sets the same bits as block/logsBloom', () => {
    const bloomOf = createBloomHasher()
    for (let round = 0; round < 200; round++) {
      const logs: Log[] = Array.from({ length: round % 4 }, (_, i) => ({
        address: randomBytes(20),
        topics: Array.from({ length: (round + i) % 5 }, () => randomBytes(32)),
        data: randomBytes(round % 70),
      }))
      expect(bloomOf(logs)).toEqual(logsBloom(logs))
    }
  })
})
