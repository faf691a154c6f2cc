import type { StreamEvent } from './chain.ts'

/**
 * Where the sequencer's stream events become durable, in seq order. The local
 * segmented log (`node`'s `openLocalLog`) is the first backend; others (a
 * replicated log, a DA layer) implement the same interface.
 *
 * Invariant: events are stored with contiguous seqs from the first one ever
 * appended; `lastSeq()` only moves forward.
 */
export type DataAvailability = {
  /**
   * Appends the next event (its seq must be the last appended seq + 1).
   * Resolves only once the event is durable: a crash after that loses it
   * never. `encoded` is `encodeStreamEvent(event)` when the caller already
   * has it, so the event is not encoded twice.
   */
  append(event: StreamEvent, encoded?: Uint8Array): Promise<void>
  /**
   * Durable events from `fromSeq` (inclusive) up to the newest durable one at
   * the time the reader reaches it; holds a bounded amount in memory however
   * long the log is. Iteration throws a typed error when `fromSeq` is older
   * than `firstSeq()` (pruned) or a stored record turns out corrupt.
   */
  readFrom(fromSeq: bigint): AsyncIterable<StreamEvent>
  /** Seq of the newest durable event; 0 when the log is empty. */
  lastSeq(): bigint
  /** Seq of the oldest event still readable (after pruning); `lastSeq() + 1` when empty. */
  firstSeq(): bigint
  /** Waits for pending appends to become durable (or fail), then releases the backend. */
  close(): Promise<void>
}
