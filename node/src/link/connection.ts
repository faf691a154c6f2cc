import type { WebSocket } from 'uWebSockets.js'

/**
 * Per-connection state, kept as uWS user data. uWS throws when a closed
 * socket is used, and replies to submissions arrive after an `await`, so
 * every late use checks `closed` first.
 */
export type Connection = {
  readonly id: number
  /** Set in the uWS close handler; nothing may touch the socket afterwards. */
  closed: boolean
  /** Submissions awaiting the sequencer's answer. */
  inflight: number
  /** idle: not following; replaying: sending history; live: subscribed to the topic. */
  follow: 'idle' | 'replaying' | 'live'
  /** Next seq to send while replaying. */
  nextSeq: bigint
  /** The follower asked for compact frames (sent where the log has them). */
  compact: boolean
  /** > 0: once live, events go out in batches at most this many ms apart (not through the topic). */
  batchMs: number
  /** When this batched follower was last sent a batch (performance.now()). */
  lastBatchAt: number
  /** A replay continuation is queued with setImmediate. */
  pumpScheduled: boolean
  /** When the cursor was first seen ahead of the head (ms since epoch), while a relay waits to catch up. */
  aheadSince: number | undefined
  /** Role bits (`linkRoleBits`) this connection holds; checked on every request. */
  roles: number
  /** The operator's name for the peer this connection authenticated as; set once. */
  peer: string | undefined
  /** The challenge sent for `authenticate` to sign; consumed by the attempt. */
  challenge: Uint8Array | undefined
}

export type LinkSocket = WebSocket<Connection>

export function newConnection(id: number, roles: number): Connection {
  return {
    id,
    closed: false,
    inflight: 0,
    follow: 'idle',
    nextSeq: 0n,
    compact: false,
    batchMs: 0,
    lastBatchAt: 0,
    pumpScheduled: false,
    aheadSince: undefined,
    roles,
    peer: undefined,
    challenge: undefined,
  }
}
