import type { BlockContext, ChainGenesis } from '@rtevm/protocol'
import type { LentKey } from './lendLinkKey.ts'

/** How a read worker's replica follows the chain. */
export type ReadFeed =
  /** Over its own link connection to the sequencer (the edge follows over the link too). */
  | { kind: 'link'; url: string; key?: LentKey; ca?: string }
  /** From the edge's thread, which forwards the event log's encoded bytes (sequencer in-process). */
  | { kind: 'forwarded' }

/** What a read worker is started with (`workerData`). */
export type ReadWorkerInit = {
  feed: ReadFeed
  /** The edge's genesis, as the sequencer served it. */
  genesis: ChainGenesis
  history: { blocks: number; bytes: number }
  gasCap: bigint
  maxLogs: number
  /** The edge's stream position when this worker started: it reports `caughtUp` once it applied it. */
  catchUpTo: bigint
  /** How long a read waits for the worker's replica to reach the request's `minSeq`. */
  maxWaitMs: number
}

/** A read, forwarded with the edge's view at arrival. */
export type ReadRequest = {
  kind: 'read'
  id: number
  method: string
  /** The raw JSON params, already validated by the edge. */
  params: unknown
  /** The edge's applied stream seq when the request arrived: the worker answers from at least it. */
  minSeq: bigint
  /** The edge's open-block context (with dev-method overrides) for `latest`/`pending` calls. */
  context: BlockContext
}

/** The next encoded stream events (`encodeStreamEvent` bytes), in order, for a `forwarded` feed. */
export type ForwardedEvents = { kind: 'events'; events: Uint8Array[] }

export type ToReadWorker = ReadRequest | ForwardedEvents

/** An error a read answered with, enough to rebuild the same JSON-RPC error on the edge. */
export type ReadError = { code: string; message: string; data?: unknown; retryable: boolean }

export type ReadReply =
  | { kind: 'result'; id: number; json: string }
  | { kind: 'error'; id: number; error: ReadError }
  /** A bug (not an RtevmError): its stack, for the edge's error log. */
  | { kind: 'internal'; id: number; details: string }
  /** The replica did not reach `minSeq` within `maxWaitMs`: the edge answers in-thread. */
  | { kind: 'behind'; id: number }

export type FromReadWorker =
  | ReadReply
  /** The replica is built; for a `forwarded` feed, send events from `nextSeq`. */
  | { kind: 'started'; nextSeq: bigint }
  | { kind: 'caughtUp' }
  /** The worker's replica or follower failed (reported, not fatal unless the worker exits). */
  | { kind: 'failed'; details: string }
