import { decodeStreamEvent, ErrorCode, type RtevmError, type StreamEvent } from '@rtevm/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEventLog } from './createEventLog.ts'
import { CursorPrunedError } from './errors.ts'

function miniBlockEvent(seq: bigint): StreamEvent {
  return {
    kind: 'miniBlock',
    seq,
    miniBlock: {
      number: seq,
      blockNumber: 1n,
      indexInBlock: 0,
      firstTxIndex: 0,
      timestampUs: seq,
      gasUsed: 0n,
      transactions: [],
      receipts: [],
      stateDiff: { accounts: [] },
    },
  }
}

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return (error as RtevmError).code
  }
  return undefined
}

describe('event log retention', () => {
  it('keeps exactly the newest `limit` events, contiguous, across compactions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 9_000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 20 }),
        (limit, count, reads) => {
          const log = createEventLog({ events: limit, bytes: Number.MAX_SAFE_INTEGER })
          const seen: bigint[] = []
          log.subscribe(({ event }) => seen.push(event.seq))
          for (let seq = 1n; seq <= BigInt(count); seq++) log.append(miniBlockEvent(seq))
          const head = BigInt(count)
          const oldest = head > BigInt(limit) ? head - BigInt(limit) + 1n : 1n
          expect(log.head()).toBe(head)
          expect(log.nextSeq()).toBe(head + 1n)
          expect(seen.length).toBe(count)
          expect(log.readFrom(head + 1n, 10)).toEqual([])
          expect(codeOf(() => log.readFrom(head + 2n, 10))).toBe(ErrorCode.CursorAhead)
          if (oldest > 1n) expect(codeOf(() => log.readFrom(oldest - 1n, 10))).toBe(ErrorCode.CursorPruned)
          for (const [offset, max] of reads) {
            const from = oldest + BigInt(offset % (Number(head - oldest) + 2))
            const events = log.readFrom(from, max)
            const expected = Math.max(0, Math.min(max, Number(head - from + 1n)))
            expect(events.map((e) => e.event.seq)).toEqual(
              Array.from({ length: expected }, (_, i) => from + BigInt(i)),
            )
            for (const logged of events) expect(decodeStreamEvent(logged.bytes)).toEqual(logged.event)
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it('drops the oldest events once their encoded bytes exceed the byte limit, keeping the head', () => {
    const one = createEventLog({ events: 1_000, bytes: Number.MAX_SAFE_INTEGER }).append(miniBlockEvent(1n))
      .bytes.length
    const log = createEventLog({ events: 1_000, bytes: one * 3 })
    for (let seq = 1n; seq <= 10n; seq++) log.append(miniBlockEvent(seq))
    expect(() => log.readFrom(7n, 10)).toThrow(CursorPrunedError)
    expect(log.readFrom(8n, 10).map((e) => e.event.seq)).toEqual([8n, 9n, 10n])
    const tiny = createEventLog({ events: 1_000, bytes: 1 })
    tiny.append(miniBlockEvent(1n))
    tiny.append(miniBlockEvent(2n))
    expect(tiny.readFrom(2n, 10).map((e) => e.event.seq)).toEqual([2n])
  })

  it('refuses an event whose seq does not follow the head', () => {
    const log = createEventLog({ events: 10, bytes: Number.MAX_SAFE_INTEGER })
    log.append(miniBlockEvent(1n))
    expect(() => log.append(miniBlockEvent(3n))).toThrow(RangeError)
    expect(() => log.append(miniBlockEvent(1n))).toThrow(RangeError)
    expect(log.head()).toBe(1n)
  })
})
