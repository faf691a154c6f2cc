import type { StreamEvent } from '@rtevm/protocol'
import { compactGenesis } from '../genesis/index.ts'
import {
  createLinkClient,
  type LinkClient,
  type LinkClientOptions,
  type ReconnectOptions,
} from '../link/index.ts'
import type { Replica } from './createReplica.ts'
import { ReplicaBusyError } from './errors.ts'

export type FollowOptions = Pick<LinkClientOptions, 'key' | 'ca'> & {
  /** `ws://host:port` of the sequencer's link server. */
  url: string
  /** Link drops (informational: the client reconnects), apply failures, and the mismatch the replica halted on. */
  onError?: (error: unknown) => void
  reconnect?: ReconnectOptions | false
  /** Ask the link for batches at most this often (ms), not a frame per event. Default 0 (live). */
  batchMs?: number
}

/** A running subscription of a replica to the sequencer's stream. */
export type Follower = {
  /** Resolves once connected and subscribed. */
  ready(): Promise<void>
  /** Stops following; the replica keeps what it applied. */
  close(): Promise<void>
  /**
   * The link client in use, for submitting on the same connection: a receipt
   * then always arrives after the stream event of its mini-block, which the
   * replica has applied by the time the receipt is read.
   */
  client(): LinkClient
}

/**
 * Feeds `replica` from the sequencer's link, resuming at `replica.lastSeq() + 1`
 * (the link client resumes the same way after every reconnection).
 *
 * - A halt (mismatch) is reported and stops the follower.
 * - An event arriving while a call holds a checkpoint on the replica's state
 *   (ReplicaBusyError) waits, with those after it, and is retried on the next
 *   turn of the event loop: order is kept and nothing is lost.
 * - Any other refusal (an out-of-order seq because something else also fed
 *   the replica) resubscribes from the replica's own cursor.
 */
export function followSequencer(replica: Replica, options: FollowOptions): Follower {
  let stopping: Promise<void> | undefined
  // Compact frames need the stream from genesis: only a replica that has applied nothing yet asks for them.
  const compact = replica.lastSeq() === 0n ? compactGenesis(replica.genesis) : undefined
  let client: LinkClient = subscribe()
  const waiting: StreamEvent[] = []
  let retry: NodeJS.Immediate | undefined

  function subscribe(): LinkClient {
    return createLinkClient({
      url: options.url,
      key: options.key,
      ca: options.ca,
      fromSeq: replica.lastSeq() + 1n,
      compact: replica.lastSeq() === 0n ? compact : undefined,
      reconnect: options.reconnect,
      batchMs: options.batchMs,
      onError: (error) => options.onError?.(error),
      onEvent: (event) => {
        waiting.push(event)
        if (waiting.length === 1) drain()
      },
    })
  }

  function drain() {
    retry = undefined
    while (waiting.length > 0 && !stopping) {
      try {
        replica.apply(waiting[0])
        waiting.shift()
      } catch (error) {
        if (error instanceof ReplicaBusyError) {
          retry = setImmediate(drain)
          return
        }
        options.onError?.(error)
        waiting.length = 0
        if (replica.haltedBy() !== undefined) void close()
        else void resubscribe()
        return
      }
    }
  }

  async function resubscribe() {
    const old = client
    client = subscribe()
    await old.close()
  }

  function close(): Promise<void> {
    if (retry) clearImmediate(retry)
    stopping ??= client.close()
    return stopping
  }

  return { ready: () => client.ready(), close, client: () => client }
}
