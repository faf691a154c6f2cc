import {
  type CompactStreamEncoder,
  decodeStreamEvent,
  encodeStreamEvent,
  type StreamEvent,
} from '@rtevm/protocol'
import { CursorAheadError, CursorPrunedError } from './errors.ts'

/**
 * A stream event's encodings, made once and shared by every follower: `bytes`
 * (v1, self-contained) and, when the log has a compact encoder, `wire`
 * (compact diffs; decodable only in stream order from seq 1). The decoded
 * `event` stays only on the newest entries (`DECODED_WINDOW`): the history
 * holds up to 100 000 events, and their objects would cost the edge ~4 KB
 * each and the garbage collector a copy of every one (measured: 5.7 KB
 * retained per ETH transfer, 3–6 ms scavenges every ~125 sends). Older
 * entries decode `event` from `bytes` when asked; `seq` is always at hand.
 */
export type LoggedEvent = {
  readonly seq: bigint
  readonly bytes: Uint8Array
  readonly wire: Uint8Array | undefined
  readonly event: StreamEvent
}

export type EventListener = (logged: LoggedEvent) => void

/** How many of the newest entries keep their decoded event. */
const DECODED_WINDOW = 16

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
  const retained: Entry[] = []
  let retainedBytes = 0
  let start = 0 // index of the oldest retained event in `retained`
  let oldest = limits.firstSeq ?? 1n
  let head = oldest - 1n
  const listeners = new Set<EventListener>()

  return {
    append(event, encoded) {
      if (event.seq !== head + 1n) throw new RangeError(`event seq ${event.seq} does not follow head ${head}`)
      const bytes = encoded ?? encodeStreamEvent(event)
      const logged = new Entry(event, bytes)
      wire?.add(logged, event)
      retained.push(logged)
      retainedBytes += logged.bytes.length
      if (retained.length - start > DECODED_WINDOW) retained[retained.length - 1 - DECODED_WINDOW].release()
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

/** One shape for every entry (a getter per object would give each its own hidden class). */
class Entry implements LoggedEvent {
  readonly seq: bigint
  readonly bytes: Uint8Array
  compact: Uint8Array | undefined
  lazy: LazyWire | undefined
  private decoded: StreamEvent | undefined

  constructor(event: StreamEvent, bytes: Uint8Array) {
    this.decoded = event
    this.seq = event.seq
    this.bytes = bytes
    this.compact = undefined
    this.lazy = undefined
  }

  get event(): StreamEvent {
    return this.decoded ?? decodeStreamEvent(this.bytes)
  }

  /** Lets the decoded event go; `event` decodes it again from `bytes`. */
  release(): void {
    this.decoded = undefined
  }

  get wire(): Uint8Array | undefined {
    this.lazy?.encodeThrough(this.seq)
    return this.compact
  }
}

type LazyWire = ReturnType<typeof createLazyWire>

/**
 * Compact encodings made after the listeners ran, not before: the encoder
 * must see every event in order, but no one on the hot path (the sequencer
 * acknowledging a transaction, the in-process replica) reads them. An event's
 * `wire` is made when first read (with every earlier one still pending), or
 * on the next turn of the event loop at the latest.
 */
function createLazyWire(encoder: CompactStreamEncoder) {
  // Each pending entry with its event: the entry may let its event go before it is encoded.
  const pending: Entry[] = []
  const pendingEvents: StreamEvent[] = []
  let scheduled = false
  // After a failed encode the encoder's state is unknown: no more compact frames (followers get v1 ones).
  let broken = false

  const lazy = {
    encodeThrough(seq: bigint): void {
      while (pending.length > 0 && pending[0].seq <= seq) {
        const entry = pending.shift()!
        const event = pendingEvents.shift()!
        entry.lazy = undefined
        if (broken) continue
        try {
          entry.compact = encoder.encode(event)
        } catch {
          broken = true
        }
      }
    },
    add(entry: Entry, event: StreamEvent): void {
      entry.lazy = lazy
      pending.push(entry)
      pendingEvents.push(event)
      if (!scheduled) {
        scheduled = true
        setImmediate(() => {
          scheduled = false
          lazy.encodeThrough(pending.at(-1)?.seq ?? 0n)
        })
      }
    },
  }
  return lazy
}
