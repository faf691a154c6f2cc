import { type CompactStreamEncoder, encodeStreamEvent, type StreamEvent } from '@rtevm/protocol'
import { CursorAheadError, CursorPrunedError } from './errors.ts'

/**
 * A stream event together with its encodings, made once and shared by every
 * follower: `bytes` (v1, self-contained) and, when the log has a compact
 * encoder, `wire` (compact diffs; decodable only in stream order from seq 1).
 */
export type LoggedEvent = { event: StreamEvent; bytes: Uint8Array; wire?: Uint8Array }

export type EventListener = (logged: LoggedEvent) => void

/**
 * The sequencer's outgoing stream: numbers events from 1, keeps the newest
 * `limit` of them for followers resuming from a cursor, and tells live
 * listeners. Events are encoded exactly once, here.
 *
 * Invariant: `retained` holds seqs `oldest .. head` contiguously, so a cursor
 * maps to an index by subtraction.
 */
export type EventLog = {
  /** Appends the next event; `encoded` is its `encodeStreamEvent` bytes when the caller already has them. */
  append(event: StreamEvent, encoded?: Uint8Array): LoggedEvent
  /** Seq of the newest event; 0 before the first. */
  head(): bigint
  /** Events from `fromSeq` (inclusive), at most `max`. Throws when the cursor is pruned or ahead. */
  readFrom(fromSeq: bigint, max: number): LoggedEvent[]
  nextSeq(): bigint
  subscribe(listener: EventListener): () => void
}

/**
 * How much history the log keeps: whichever limit is reached first drops the
 * oldest events. `firstSeq` (default 1) is the seq of the first event
 * appended: a restarted sequencer continues its numbering.
 */
export type EventLogLimits = {
  events: number
  bytes: number
  firstSeq?: bigint
  /** Encodes every appended event for the wire too; it must see the stream from seq 1. */
  wire?: CompactStreamEncoder
}

export function createEventLog(limits: EventLogLimits): EventLog {
  const wire = limits.wire ? createLazyWire(limits.wire) : undefined
  const retained: LoggedEvent[] = []
  let retainedBytes = 0
  let start = 0 // index of the oldest retained event in `retained`
  let oldest = limits.firstSeq ?? 1n
  let head = oldest - 1n
  const listeners = new Set<EventListener>()

  return {
    append(event, encoded) {
      if (event.seq !== head + 1n) throw new RangeError(`event seq ${event.seq} does not follow head ${head}`)
      const bytes = encoded ?? encodeStreamEvent(event)
      const logged: LoggedEvent = wire ? wire.add(event, bytes) : { event, bytes }
      retained.push(logged)
      retainedBytes += logged.bytes.length
      head = event.seq
      // The newest event always stays, so a follower can resume at the head.
      while (
        retained.length - start > 1 &&
        (retained.length - start > limits.events || retainedBytes > limits.bytes)
      ) {
        retainedBytes -= retained[start].bytes.length
        start++
        oldest++
        // Compact occasionally instead of shifting on every append.
        if (start > 4096 && start * 2 > retained.length) {
          retained.splice(0, start)
          start = 0
        }
      }
      for (const listener of listeners) listener(logged)
      return logged
    },
    head: () => head,
    nextSeq: () => head + 1n,
    readFrom(fromSeq, max) {
      if (fromSeq < oldest) throw new CursorPrunedError(fromSeq, oldest)
      if (fromSeq > head + 1n) throw new CursorAheadError(fromSeq, head)
      const first = start + Number(fromSeq - oldest)
      return retained.slice(first, first + max)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/**
 * Compact encodings made after the listeners ran, not before: the encoder
 * must see every event in order, but no one on the hot path (the sequencer
 * acknowledging a transaction, the in-process replica) reads them. An event's
 * `wire` is made when first read (with every earlier one still pending), or
 * on the next turn of the event loop at the latest.
 */
function createLazyWire(encoder: CompactStreamEncoder) {
  const pending: { event: StreamEvent; wire?: Uint8Array }[] = []
  let scheduled = false
  // After a failed encode the encoder's state is unknown: no more compact frames (followers get v1 ones).
  let broken = false

  function encodeThrough(seq: bigint): void {
    while (pending.length > 0 && pending[0].event.seq <= seq) {
      const next = pending.shift()!
      if (broken) continue
      try {
        next.wire = encoder.encode(next.event)
      } catch {
        broken = true
      }
    }
  }

  return {
    add(event: StreamEvent, bytes: Uint8Array): LoggedEvent {
      const entry: { event: StreamEvent; wire?: Uint8Array } = { event }
      pending.push(entry)
      if (!scheduled) {
        scheduled = true
        setImmediate(() => {
          scheduled = false
          encodeThrough(pending.at(-1)?.event.seq ?? 0n)
        })
      }
      return {
        event,
        bytes,
        get wire() {
          if (entry.wire === undefined) encodeThrough(event.seq)
          return entry.wire
        },
      }
    },
  }
}
