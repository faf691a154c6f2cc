import type { TemplatedApp } from 'uWebSockets.js'
import { encodeCompactEventResponse, encodeEventResponse, type RtevmError } from '@rtevm/protocol'
import type { EventLog, LoggedEvent } from '../stream/index.ts'
import { LinkCloseCode } from './closeCodes.ts'
import type { Connection, LinkSocket } from './connection.ts'
import { toRtevmError } from './errors.ts'

/** Every caught-up follower is subscribed to one of these uWS topics: v1 frames or compact ones. */
const TOPIC = 'events'
const COMPACT_TOPIC = 'events.compact'
/** Events read from the log per replay step; a step then yields to the event loop. */
const REPLAY_CHUNK_EVENTS = 256
/** How often a follower whose cursor is ahead checks whether the log caught up. */
const AHEAD_POLL_MS = 20
/** Longest batch interval a follower may ask for: the batch waits in RAM until sent. */
const MAX_BATCH_MS = 1_000
/** Replay pauses above this many unsent bytes and resumes on `drain`. */
const REPLAY_HIGH_WATER_BYTES = 1024 * 1024

export type FollowerFeedOptions = {
  app: TemplatedApp
  events: Pick<EventLog, 'head' | 'readFrom' | 'subscribe'>
  /** A live follower with more unsent bytes than this is dropped. */
  maxBackpressureBytes: number
  /**
   * How long a cursor ahead of the head may wait for the log to reach it
   * before it is rejected. 0 (the sequencer): at once — a cursor ahead of the
   * source means another chain. A relay (full node) that restarted is behind
   * its followers for a moment, so it waits.
   */
  cursorAheadWaitMs: number
  /** The cursor was rejected (pruned or ahead): send an error frame and close. */
  rejectCursor(ws: LinkSocket, error: RtevmError): void
  /** The follower fell behind: close it with a reason. */
  dropSlow(ws: LinkSocket, bufferedBytes: number): void
  onError?: (error: RtevmError) => void
}

/** Replays history to each follower, then hands it over to live fan-out. */
export type FollowerFeed = {
  /**
   * (Re)starts the stream of `ws` at `fromSeq`. On a restart, frames already
   * queued for the old position may still arrive first; a client restarting
   * on one connection must skip events below its new cursor. `compact`: send
   * compact frames where the log has them. `batchMs` > 0: once live, send
   * events in batches at most that many milliseconds apart.
   */
  start(ws: LinkSocket, fromSeq: bigint, compact: boolean, batchMs?: number): void
  /** uWS `drain`: resumes a paused replay. */
  onDrain(ws: LinkSocket): void
  /** uWS `close`: forgets the follower (uWS drops its topic subscription itself). */
  onClose(ws: LinkSocket): void
  /** Stops listening to the log. */
  close(): void
}

/**
 * Hand-off invariant (no gap, no duplicate): a follower is subscribed to
 * TOPIC only once it has been sent every event up to `events.head()`. The
 * check `nextSeq === head() + 1` and `ws.subscribe` run in one synchronous
 * step; `EventLog.append` stores an event and calls its listeners
 * synchronously on this same thread, so no event can land in between, and the
 * next publish carries exactly `nextSeq`. Events appended while a follower is
 * still replaying are not published to it (it is not subscribed); a later
 * `readFrom(nextSeq)` picks them up. Order on the wire holds too: uWS records a
 * publish's recipients when it is made, and a socket's direct sends and its
 * topic messages leave in call order (uWS v20+).
 */
export function createFollowerFeed(options: FollowerFeedOptions): FollowerFeed {
  const { app, events, maxBackpressureBytes } = options
  const live = new Set<LinkSocket>()
  let liveCompact = 0
  // Live followers that asked for batches: sent from a timer, off the sealing path, each
  // event from its own nextSeq (an event logged before one went live is skipped for it).
  const batched = new Set<LinkSocket>()
  let recent: LoggedEvent[] = []
  let batchTimer: NodeJS.Timeout | undefined
  // Below the drop limit, so a replaying follower is paced, never dropped for its own replay.
  const highWater = Math.max(1, Math.min(REPLAY_HIGH_WATER_BYTES, Math.floor(maxBackpressureBytes / 2)))
  const lowWater = Math.floor(highWater / 2)

  // Runs inside EventLog.append, i.e. inside the sequencer's sealing: it must never throw.
  const unsubscribe = events.subscribe((logged) => {
    if (batched.size > 0) {
      recent.push(logged)
      if (!batchTimer) batchTimer = setTimeout(sendBatches, nextBatchDelay())
    }
    if (live.size === 0) return
    try {
      dropSlowFollowers()
      // One frame per format for all followers: serialized once by the log, framed once here.
      const plain = encodeEventResponse(logged.bytes)
      if (live.size > liveCompact) app.publish(TOPIC, plain, true)
      if (liveCompact > 0) {
        app.publish(COMPACT_TOPIC, logged.wire ? encodeCompactEventResponse(logged.wire) : plain, true)
      }
    } catch (error) {
      // Live followers may now miss this event: close them all; each resumes from its cursor.
      options.onError?.(toRtevmError(error))
      for (const ws of [...live]) ws.end(LinkCloseCode.Internal, 'link server event fan-out failed')
    }
  })

  // Checked per event, before queueing the next frame, so a stuck follower is
  // cut at (limit + one frame) instead of growing without bound. The scan is
  // one native call per live follower; the link has few of them (edges, full
  // nodes), unlike the edges' own fan-out.
  function dropSlowFollowers(): void {
    const slow: Array<[LinkSocket, number]> = []
    for (const ws of live) {
      const buffered = ws.getBufferedAmount()
      if (buffered > maxBackpressureBytes) slow.push([ws, buffered])
    }
    // Closing runs the close handler, which edits `live`: never while iterating it.
    for (const [ws, buffered] of slow) options.dropSlow(ws, buffered)
  }

  function nextBatchDelay(): number {
    let delay = Number.POSITIVE_INFINITY
    const now = performance.now()
    for (const ws of batched) {
      const { batchMs, lastBatchAt } = ws.getUserData()
      delay = Math.min(delay, Math.max(0, lastBatchAt + batchMs - now))
    }
    return delay === Number.POSITIVE_INFINITY ? 0 : delay
  }

  /** Sends each due batched follower the events it has not had, in one cork. Never throws. */
  function sendBatches(): void {
    batchTimer = undefined
    const now = performance.now()
    let waiting = false
    for (const ws of [...batched]) {
      const connection = ws.getUserData()
      if (connection.closed) continue
      if (now < connection.lastBatchAt + connection.batchMs) {
        waiting = true
        continue
      }
      try {
        const buffered = ws.getBufferedAmount()
        if (buffered > maxBackpressureBytes) {
          options.dropSlow(ws, buffered)
          continue
        }
        connection.lastBatchAt = now
        ws.cork(() => {
          for (const { seq, bytes, wire } of recent) {
            if (seq < connection.nextSeq) continue
            ws.send(
              connection.compact && wire ? encodeCompactEventResponse(wire) : encodeEventResponse(bytes),
              true,
            )
            connection.nextSeq = seq + 1n
          }
        })
      } catch (error) {
        options.onError?.(toRtevmError(error))
        if (!connection.closed) ws.end(LinkCloseCode.Internal, 'link server event fan-out failed')
      }
    }
    if (!waiting) recent = []
    else {
      const oldest = minNextSeq()
      recent = recent.filter(({ seq }) => seq >= oldest)
      batchTimer = setTimeout(sendBatches, nextBatchDelay())
    }
  }

  function minNextSeq(): bigint {
    let min: bigint | undefined
    for (const ws of batched) {
      const { nextSeq } = ws.getUserData()
      if (min === undefined || nextSeq < min) min = nextSeq
    }
    return min ?? 0n
  }

  function goLive(ws: LinkSocket, connection: Connection): void {
    connection.follow = 'live'
    if (connection.batchMs > 0) {
      batched.add(ws)
      return
    }
    ws.subscribe(connection.compact ? COMPACT_TOPIC : TOPIC)
    live.add(ws)
    if (connection.compact) liveCompact++
  }

  function leaveLive(ws: LinkSocket, connection: Connection): void {
    if (batched.delete(ws)) return
    if (!live.delete(ws)) return
    if (connection.compact) liveCompact--
  }

  // `connection` travels with `ws` because uWS throws on any call, getUserData
  // included, once the socket is closed: the flag is checked before `ws` is touched.
  function pump(ws: LinkSocket, connection: Connection): void {
    connection.pumpScheduled = false
    if (connection.closed || connection.follow !== 'replaying') return
    if (connection.nextSeq > events.head() + 1n && options.cursorAheadWaitMs > 0) {
      connection.aheadSince ??= Date.now()
      if (Date.now() - connection.aheadSince < options.cursorAheadWaitMs) {
        connection.pumpScheduled = true
        setTimeout(resume, AHEAD_POLL_MS, ws, connection)
        return
      }
    }
    connection.aheadSince = undefined
    let batch: ReturnType<typeof events.readFrom>
    try {
      batch = events.readFrom(connection.nextSeq, REPLAY_CHUNK_EVENTS)
    } catch (error) {
      // Pruned while we replayed, or a cursor from another chain.
      options.rejectCursor(ws, toRtevmError(error))
      return
    }
    let paused = false
    if (batch.length > 0) {
      ws.cork(() => {
        for (const { seq, bytes, wire } of batch) {
          ws.send(
            connection.compact && wire ? encodeCompactEventResponse(wire) : encodeEventResponse(bytes),
            true,
          )
          connection.nextSeq = seq + 1n
          if (ws.getBufferedAmount() > highWater) {
            paused = true
            break
          }
        }
      })
    }
    // See the hand-off invariant above: this check and goLive are one synchronous step.
    if (connection.nextSeq === events.head() + 1n) goLive(ws, connection)
    else if (!paused) {
      // Yield between chunks so a long replay never stalls the sequencer.
      connection.pumpScheduled = true
      setImmediate(resume, ws, connection)
    }
  }

  /** `pump` outside a uWS handler (setImmediate, drain): a throw there would end the process. */
  function resume(ws: LinkSocket, connection: Connection): void {
    if (connection.closed) return
    try {
      pump(ws, connection)
    } catch (error) {
      options.onError?.(toRtevmError(error))
      if (!connection.closed) ws.end(LinkCloseCode.Internal, 'link server replay failed')
    }
  }

  return {
    start(ws, fromSeq, compact, batchMs = 0) {
      const connection = ws.getUserData()
      if (connection.follow === 'live') {
        if (connection.batchMs === 0) ws.unsubscribe(connection.compact ? COMPACT_TOPIC : TOPIC)
        leaveLive(ws, connection)
      }
      connection.follow = 'replaying'
      connection.nextSeq = fromSeq
      connection.compact = compact
      connection.batchMs = Math.min(batchMs, MAX_BATCH_MS)
      pump(ws, connection)
    },
    onDrain(ws) {
      const connection = ws.getUserData()
      if (connection.follow !== 'replaying' || connection.pumpScheduled) return
      if (ws.getBufferedAmount() <= lowWater) resume(ws, connection)
    },
    onClose(ws) {
      leaveLive(ws, ws.getUserData())
    },
    close() {
      unsubscribe()
      clearTimeout(batchTimer)
      batched.clear()
      recent = []
      live.clear()
      liveCompact = 0
    },
  }
}
