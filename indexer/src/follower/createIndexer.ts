import {
  createLinkClient,
  fetchGenesis,
  type LinkClient,
  type LinkClientOptions,
  loadGenesis,
} from '@rtevm/node'
import type { RtevmError, StreamEvent } from '@rtevm/protocol'
import { openIndexerDatabase } from '../database/openIndexerDatabase.ts'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import {
  IndexerListenerError,
  IndexerOverflowError,
  IndexerTransactionError,
  IndexerWriteError,
} from '../errors.ts'
import { createModuleDispatcher } from '../modules/createModuleDispatcher.ts'
import type { IndexerModule } from '../modules/defineIndexerModule.ts'
import { createTokenMetadataReader, type TokenMetadataReader } from '../tokens/createTokenMetadataReader.ts'
import { TokenMetadataError } from '../tokens/errors.ts'
import { createLogIndexTracker } from '../writer/createLogIndexTracker.ts'
import { writeBatch } from '../writer/writeBatch.ts'
import { writeRewind } from '../writer/writeRewind.ts'
import type { CommitListener } from './CommittedBatch.ts'

export type IndexerOptions = {
  /** Where rows go; the indexer creates its schema there. Closing it stays with the caller. */
  db: SqlDatabase
  /** `ws://host:port` of the sequencer's link server. */
  sequencerUrl: string
  /** The key the indexer authenticates to the link with (role follow), and a `wss://` link's CA. */
  sequencerAccess?: Pick<LinkClientOptions, 'key' | 'ca'>
  /** Most events written in one database transaction. Default 1024. */
  maxBatchEvents?: number
  /** Events held while writes are behind before the link is dropped (see `createIndexer`). Default 16 384. */
  maxQueuedEvents?: number
  /**
   * The sequencer sends live events in batches at most this many ms apart:
   * one wake-up and one database transaction per batch instead of per
   * mini-block, off the sequencer's hot path. 0: each event at once. Default 10.
   */
  streamBatchMs?: number
  /** Pause before resubscribing after a failed write. Default 250 ms. */
  retryDelayMs?: number
  reconnect?: LinkClientOptions['reconnect']
  /**
   * JSON-RPC over HTTP (an rpc-edge of the same chain). When given, each new
   * token's name, symbol and decimals are read with `eth_call` after its first
   * commit and stored on its row; without it they stay null.
   */
  rpcUrl?: string
  /** Tokens read at once and tokens waiting for metadata. Defaults 4 and 10 000. */
  tokenMetadata?: { concurrency?: number; maxPending?: number }
  /** Custom modules (`defineIndexerModule`): their schemas run at start, their handlers in each batch. */
  modules?: readonly IndexerModule[]
  /**
   * Link drops, write failures and overflows: informational, the indexer
   * resumes from its cursor. An `IndexerTransactionError` is fatal: see `halted`.
   */
  onError?: (error: RtevmError) => void
}

export type Indexer = {
  /** Resolves once connected and subscribed. */
  ready(): Promise<void>
  /** Seq of the last stream event whose writes are committed (with the cursor, in one transaction). */
  committedSeq(): bigint
  /** How far the index is behind the stream it has received (see `IndexerLag`). */
  lag(): IndexerLag
  /**
   * Calls `listener` after each committed batch, in stream order (see
   * `CommittedBatch`); returns the function that removes it. A throwing
   * listener is reported and does not stop the indexer or other listeners.
   */
  onCommit(listener: CommitListener): () => void
  /**
   * The error that stopped the indexer, if any: a sealed transaction it cannot
   * parse (`IndexerTransactionError`). Retrying the same bytes cannot help, so
   * the indexer closes its link and stays at the cursor before the offending
   * batch (nothing of it is written) until restarted with a fix.
   */
  halted(): RtevmError | undefined
  /** Resolves once queued token metadata reads are done (immediately without `rpcUrl`). */
  metadataIdle(): Promise<void>
  /** Stops following and waits for the write in flight; events queued but not written are dropped. */
  close(): Promise<void>
}

/**
 * How far the index is behind the chain's head: stream events received from
 * the link and not yet committed, and how long the oldest of them has waited.
 * Both are 0 when the index is caught up, however long the chain has been idle.
 */
export type IndexerLag = { events: number; ms: number }

/**
 * Follows the sequencer's stream into SQL from the committed cursor.
 *
 * Batching: events are queued as they arrive and written on the next turn of
 * the event loop, so those that arrive together share one transaction; while a
 * write is in flight the queue grows and becomes the next batch (at most
 * `maxBatchEvents` each). Each batch commits with the cursor, so a restart
 * resumes at `cursor + 1` with no gap and no duplicate.
 *
 * Backpressure: the link cannot be paused, so when the queue passes
 * `maxQueuedEvents` the indexer drops the link and the events past the limit,
 * writes what it kept, and then resubscribes from the cursor. A failed write
 * drops the link and the whole queue, and resubscribes after `retryDelayMs`
 * (a throwing module handler is such a failure); a transaction it cannot
 * parse halts it instead (see `halted`).
 *
 * Tokens and modules: token transfers, balances and owners, and what module
 * handlers write, go into each batch's transaction; token metadata is read
 * after the commit, beside the stream (see `createTokenMetadataReader`).
 */
export async function createIndexer(options: IndexerOptions): Promise<Indexer> {
  const maxBatch = options.maxBatchEvents ?? 1024
  const maxQueued = options.maxQueuedEvents ?? 16_384
  const retryDelayMs = options.retryDelayMs ?? 250
  const modules = createModuleDispatcher(options.modules ?? [])
  // Genesis is data the sequencer serves: its accounts seed a fresh database. One whose state root
  // is not block 0's is refused (GenesisMismatchError) before anything is written.
  const genesis = await fetchGenesis(options.sequencerUrl, {
    ...options.sequencerAccess,
    reconnect: options.reconnect,
    onError: (error) => options.onError?.(error),
  })
  loadGenesis(genesis)
  let committed = await openIndexerDatabase(options.db, genesis)
  await modules.createSchemas(options.db)
  let halt: RtevmError | undefined
  let metadata: TokenMetadataReader | undefined
  if (options.rpcUrl) {
    metadata = createTokenMetadataReader({
      db: options.db,
      rpcUrl: options.rpcUrl,
      ...options.tokenMetadata,
      onError: (error) => report(error),
    })
    void metadata
      .resume()
      .catch((error: unknown) => report(new TokenMetadataError('(stored)', { cause: error })))
  }
  // Invariant: queue holds events committed + 1, committed + 2, … from the current client only.
  const queue: StreamEvent[] = []
  // Arrival time (ms) of each queued event, index for index; and of the batch being written.
  const arrivals: number[] = []
  let writingSince: number | undefined
  let writingTo: bigint | undefined
  let writing: Promise<void> | undefined
  let scheduled: NodeJS.Immediate | undefined
  let retry: NodeJS.Timeout | undefined
  let resubscribeWhenDrained = false
  let closing: Promise<void> | undefined
  let generation = 0
  const listeners = new Set<CommitListener>()
  const logIndexes = createLogIndexTracker()
  let client = subscribe()

  function report(error: RtevmError): void {
    try {
      options.onError?.(error)
    } catch {
      // A throwing handler must not stop the indexer.
    }
  }

  function subscribe(): LinkClient {
    const current = ++generation
    return createLinkClient({
      url: options.sequencerUrl,
      ...options.sequencerAccess,
      fromSeq: committed + 1n,
      batchMs: options.streamBatchMs ?? 10,
      reconnect: options.reconnect,
      onError: report,
      onEvent: (event) => {
        if (current === generation && !closing) accept(event)
      },
    })
  }

  function accept(event: StreamEvent): void {
    if (halt) return
    queue.push(event)
    arrivals.push(Date.now())
    if (queue.length > maxQueued) overflow()
    else if (!writing && !scheduled) scheduled = setImmediate(flush)
  }

  /**
   * Keeps the queued events (contiguous from the cursor, so each overflow still
   * commits `maxQueued` of them), drops the link and what came after, and
   * resubscribes once the queue is written.
   */
  function overflow(): void {
    report(new IndexerOverflowError(maxQueued))
    queue.length = maxQueued
    arrivals.length = maxQueued
    generation++
    void client.close()
    resubscribeWhenDrained = true
  }

  function flush(): void {
    scheduled = undefined
    if (writing || closing || queue.length === 0) return
    // A rewind is written on its own: the batch stops before it, or is just it.
    const rewindAt = queue.findIndex((event) => event.kind === 'rewind')
    const size = rewindAt === 0 ? 1 : rewindAt > 0 ? Math.min(rewindAt, maxBatch) : maxBatch
    const batch = queue.splice(0, size)
    writingSince = arrivals.splice(0, batch.length)[0]
    writingTo = batch[batch.length - 1].seq
    const first = batch[0]
    const write =
      first.kind === 'rewind'
        ? writeRewind(options.db, committed, first)
        : writeBatch(options.db, committed, batch, { modules, knownLogIndex: logIndexes.known })
    writing = write.then(
      (written) => {
        committed = written.toSeq
        if (first.kind === 'rewind') logIndexes.reset()
        else logIndexes.advance(written)
        if (written.newTokens.length > 0) metadata?.enqueue(written.newTokens)
        for (const listener of listeners) {
          try {
            listener(written)
          } catch (error) {
            report(new IndexerListenerError(written.fromSeq, written.toSeq, { cause: error }))
          }
        }
        afterWrite()
      },
      (error: unknown) => {
        generation++
        logIndexes.reset()
        queue.length = 0
        arrivals.length = 0
        void client.close()
        writing = undefined
        writingSince = undefined
        writingTo = undefined
        resubscribeWhenDrained = false
        if (error instanceof IndexerTransactionError) {
          // Deterministic: the same bytes fail the same way, so retrying would spin.
          halt = error
          report(error)
          return
        }
        report(new IndexerWriteError(first.seq, batch[batch.length - 1].seq, { cause: error }))
        retry = setTimeout(() => {
          retry = undefined
          if (!closing) client = subscribe()
        }, retryDelayMs)
      },
    )
  }

  function afterWrite(): void {
    writing = undefined
    writingSince = undefined
    writingTo = undefined
    if (closing) return
    if (queue.length > 0) flush()
    else if (resubscribeWhenDrained) {
      resubscribeWhenDrained = false
      client = subscribe()
    }
  }

  async function close(): Promise<void> {
    clearTimeout(retry)
    if (scheduled) clearImmediate(scheduled)
    scheduled = undefined
    await client.close()
    await writing
    queue.length = 0
    arrivals.length = 0
    await metadata?.close()
  }

  return {
    ready: () => client.ready(),
    committedSeq: () => committed,
    lag() {
      const oldest = writingSince ?? arrivals[0]
      if (oldest === undefined) return { events: 0, ms: 0 }
      const last = queue.length > 0 ? queue[queue.length - 1].seq : (writingTo ?? committed)
      return { events: Number(last - committed), ms: Date.now() - oldest }
    },
    halted: () => halt,
    metadataIdle: () => metadata?.idle() ?? Promise.resolve(),
    onCommit(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closing ??= close()
      return closing
    },
  }
}
