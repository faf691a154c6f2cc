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
  /**
   * Appends the next event by its encoding alone (a restart refilling the history from the
   * log): it is decoded only when read. Its compact encoding, with every other preloaded
   * event's, is made in the background (see `createLazyWire`).
   */
  preload(seq: bigint, encoded: Uint8Array): LoggedEvent
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

  function push(logged: Entry): LoggedEvent {
    if (logged.seq !== head + 1n) throw new RangeError(`event seq ${logged.seq} does not follow head ${head}`)
    retained.push(logged)
    retainedBytes += logged.bytes.length
    if (retained.length - start > DECODED_WINDOW) retained[retained.length - 1 - DECODED_WINDOW].release()
    head = logged.seq
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
  }

  return {
    append(event, encoded) {
      const logged = new Entry(event.seq, encoded ?? encodeStreamEvent(event), event)
      wire?.add(logged, event)
      return push(logged)
    },
    preload(seq, encoded) {
      const logged = new Entry(seq, encoded, undefined)
      wire?.add(logged, undefined)
      return push(logged)
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

  constructor(seq: bigint, bytes: Uint8Array, event: StreamEvent | undefined) {
    this.decoded = event
    this.seq = seq
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

/** Most pending encodings a read makes on the spot; a longer way to go is left to the background. */
const ENCODE_ON_READ_MAX = 64
/** Up to this many pending encodings are all made on the next turn; a longer backlog is paced. */
const NEXT_TURN_MAX = 4_096
/** A backlog (a restart's preloaded history) shrinks by this many events per step… */
const BACKLOG_STEP_EVENTS = 16
/** …one step every this many ms: a fraction of the thread, never a stall of the sequencer. */
const BACKLOG_STEP_MS = 10

/**
 * Compact encodings made after the listeners ran, not before: the encoder
 * must see every event in order, but no one on the hot path (the sequencer
 * acknowledging a transaction, the in-process replica) reads them. An event's
 * `wire` is made when first read (with every earlier one still pending), or
 * on the next turn of the event loop at the latest.
 *
 * A long backlog — a restart preloads up to the whole history, which the
 * encoder must see from seq 1 — is encoded in small paced steps instead, so
 * the restart answers without waiting for it; until it is through, `wire`
 * of an event behind it is undefined and followers get that event's v1 frame
 * (compact decoders follow v1 events too).
 */
function createLazyWire(encoder: CompactStreamEncoder) {
  // Each pending entry with its event, when it still has one (else it is decoded from its bytes).
  const pending: Entry[] = []
  const pendingEvents: (StreamEvent | undefined)[] = []
  let next: 'turn' | 'step' | undefined
  // Live events added since the last paced step: each step encodes as many more, so the backlog shrinks.
  let addedSinceStep = 0
  // Pending entries that were preloaded: while there are any, encoding is paced.
  let preloaded = 0
  // After a failed encode the encoder's state is unknown: no more compact frames (followers get v1 ones).
  let broken = false

  function encodeNext(count: number): void {
    for (let i = 0; i < count && pending.length > 0; i++) {
      const entry = pending.shift()!
      let event = pendingEvents.shift()
      if (event === undefined) {
        preloaded--
        event = entry.event
      }
      entry.lazy = undefined
      if (broken) continue
      try {
        entry.compact = encoder.encode(event)
      } catch {
        broken = true
      }
    }
  }

  function schedule(): void {
    if (pending.length === 0 || next !== undefined) return
    if (preloaded === 0 && pending.length <= NEXT_TURN_MAX) {
      next = 'turn'
      setImmediate(() => {
        next = undefined
        if (preloaded === 0) encodeNext(pending.length)
        schedule()
      })
    } else {
      next = 'step'
      addedSinceStep = 0
      setTimeout(() => {
        next = undefined
        encodeNext(BACKLOG_STEP_EVENTS + addedSinceStep)
        schedule()
      }, BACKLOG_STEP_MS).unref()
    }
  }

  const lazy = {
    encodeThrough(seq: bigint): void {
      const behind = pending.length > 0 ? Number(seq - pending[0].seq) + 1 : 0
      if (behind <= ENCODE_ON_READ_MAX) encodeNext(behind)
    },
    add(entry: Entry, event: StreamEvent | undefined): void {
      entry.lazy = lazy
      pending.push(entry)
      pendingEvents.push(event)
      if (event === undefined) preloaded++
      else addedSinceStep++
      schedule()
    },
  }
  return lazy
}
