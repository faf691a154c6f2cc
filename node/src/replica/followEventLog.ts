import type { EventLog, LoggedEvent } from '../stream/index.ts'
import type { Replica } from './createReplica.ts'
import { ReplicaBusyError } from './errors.ts'

/** Events applied per turn of the event loop while catching up. */
const CATCH_UP_CHUNK = 1024

/** A replica following a sequencer in the same process: fed from its event log, no link between them. */
export type LogFollower = {
  /** Resolves once the replica has caught up with the log's head as it was at the start. */
  ready(): Promise<void>
  /** Stops following; the replica keeps what it applied. */
  close(): Promise<void>
}

/**
 * Feeds `replica` from `events` directly, as `followSequencer` does over the
 * link: history from `replica.lastSeq() + 1` first, then each event as the log
 * appends it (which it does only once the event is durable), applied in the
 * same turn unless a backlog is waiting. Order is kept:
 * an event arriving while a call holds a checkpoint on the replica's state
 * (ReplicaBusyError) waits, with those after it, for the next turn of the
 * event loop. A halt (mismatch) is reported and stops the follower.
 */
export function followEventLog(
  replica: Replica,
  options: {
    events: Pick<EventLog, 'head' | 'readFrom' | 'subscribe'>
    onError?: (error: unknown) => void
  },
): LogFollower {
  const { events } = options
  // The history, then live events: read and subscribed in one synchronous step, so none is
  // missed or doubled (the log appends on this thread).
  // Events not yet applied are `waiting[next…]`: a restart's backlog is the whole history
  // (up to 100 000 events), and shifting each one off the front moved the rest every time.
  // Each is decoded as it is applied (`event`), chunk by chunk, not all before the first.
  let waiting: (Pick<LoggedEvent, 'event' | 'bytes'> | undefined)[] = []
  let next = 0
  let stopped = false
  let retry: NodeJS.Immediate | undefined
  let caughtUp: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    caughtUp = resolve
  })
  try {
    const from = replica.lastSeq() + 1n
    const backlog = Number(events.head() + 1n - from)
    if (backlog > 0) waiting = events.readFrom(from, backlog)
  } catch (error) {
    options.onError?.(error)
    stopped = true
  }
  const unsubscribe = events.subscribe((logged) => {
    waiting.push(logged)
    if (waiting.length - next === 1 && retry === undefined) drain()
  })
  drain()

  /** Applies what waits, in order; a long backlog in chunks, one per turn of the event loop. */
  function drain(): void {
    retry = undefined
    let applied = 0
    while (next < waiting.length && !stopped) {
      if (applied === CATCH_UP_CHUNK) {
        retry = setImmediate(drain)
        return
      }
      try {
        const logged = waiting[next]!
        replica.apply(logged.event, logged.bytes)
        waiting[next++] = undefined
        applied++
      } catch (error) {
        if (error instanceof ReplicaBusyError) {
          retry = setImmediate(drain)
          return
        }
        options.onError?.(error)
        void close()
        return
      }
    }
    // Caught up (a stop empties `waiting` itself): the emptied slots go with the array.
    waiting = []
    next = 0
    caughtUp()
  }

  function close(): Promise<void> {
    stopped = true
    unsubscribe()
    if (retry) clearImmediate(retry)
    waiting = []
    next = 0
    caughtUp()
    return Promise.resolve()
  }

  return { ready: () => ready, close }
}
