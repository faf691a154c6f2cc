import { createLinkClient, type ReconnectOptions } from '../link/index.ts'
import type { Replica } from './createReplica.ts'

export type FollowOptions = {
  /** `ws://host:port` of the sequencer's link server. */
  url: string
  /** Link drops (informational: the client reconnects) and the mismatch the replica halted on. */
  onError?: (error: unknown) => void
  reconnect?: ReconnectOptions | false
}

/** A running subscription of a replica to the sequencer's stream. */
export type Follower = {
  /** Resolves once connected and subscribed. */
  ready(): Promise<void>
  /** Stops following; the replica keeps what it applied. */
  close(): Promise<void>
}

/**
 * Feeds `replica` from the sequencer's link, resuming at `replica.lastSeq() + 1`
 * (the link client resumes the same way after every reconnection). When the
 * replica halts on a mismatch, the follower reports it and stops.
 */
export function followSequencer(replica: Replica, options: FollowOptions): Follower {
  let stopping: Promise<void> | undefined
  const client = createLinkClient({
    url: options.url,
    fromSeq: replica.lastSeq() + 1n,
    reconnect: options.reconnect,
    onError: (error) => options.onError?.(error),
    onEvent(event) {
      if (stopping) return
      try {
        replica.apply(event)
      } catch (error) {
        options.onError?.(error)
        if (replica.haltedBy() !== undefined) void close()
      }
    },
  })

  function close(): Promise<void> {
    stopping ??= client.close()
    return stopping
  }

  return { ready: () => client.ready(), close }
}
