import { randomBytes } from 'node:crypto'
import type { Log } from '@rtevm/protocol'
import { logsBloom } from '@rtevm/protocol/bloom'
import { describe, expect, it } from 'vitest'
import { createBloomHasher } from './createBloomHasher.ts'

describe('createBloomHasher', () => {
  it("sets the same bits as protocol's logsBloom", () => {
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
