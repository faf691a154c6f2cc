import {
  type Attestation,
  type Block,
  type DataAvailability,
  encodeStreamEvent,
  type MiniBlock,
  type Rewind,
  type StreamEvent,
  wallClockMs,
} from '@rtevm/protocol'
import type { EventLog } from '../stream/index.ts'

/** A stream event before the publisher numbers it. */
export type EventBody =
  | { kind: 'miniBlock'; miniBlock: MiniBlock }
  | { kind: 'block'; block: Block }
  | { kind: 'finality'; finalized: bigint; attestation: Attestation }
  | { kind: 'rewind'; rewind: Rewind }

/** The only writer of the sequencer's stream: numbers events, makes them durable, then shows them. */
export type Publisher = {
  /**
   * Numbers `body` as the next stream event and appends it to the DA log;
   * once durable it goes to the in-RAM history (and so to followers). A
   * failed append stops the sequencer: nothing after it can be acknowledged.
   */
  publish(body: EventBody): Promise<void>
  /** Seq of the newest event published, durable or not. */
  lastSeq(): bigint
  /** The newest publication: awaiting it awaits every earlier one (appends settle in order). */
  durable(): Promise<void>
  /** Why the DA log refused an append, once it has; `undefined` while it never has. */
  failure(): unknown
  /** When (`wallClockMs()`) the newest durable event became durable, before followers were shown it. */
  durableAt(): number
}

export function createPublisher(options: {
  da: DataAvailability
  history: EventLog
  /** Seq of the newest event already in the log (0 on a fresh chain). */
  lastSeq: bigint
}): Publisher {
  const { da, history } = options
  // Seq of the next stream event; events reach followers only once durable, in seq order.
  let nextSeq = options.lastSeq + 1n
  let lastDurable: Promise<void> = Promise.resolve()
  let storeFailure: unknown
  let durableAt = 0

  function publish(body: EventBody): Promise<void> {
    const event = { ...body, seq: nextSeq++ } as StreamEvent
    const encoded = encodeStreamEvent(event)
    lastDurable = da.append(event, encoded).then(
      () => {
        durableAt = wallClockMs()
        history.append(event, encoded)
      },
      (error: unknown) => {
        storeFailure ??= error
        throw error
      },
    )
    return lastDurable
  }

  return {
    publish,
    lastSeq: () => nextSeq - 1n,
    durable: () => lastDurable,
    failure: () => storeFailure,
    durableAt: () => durableAt,
  }
}
