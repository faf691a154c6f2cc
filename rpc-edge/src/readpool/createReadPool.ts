import { Worker } from 'node:worker_threads'
import { type BlockContext, RtevmError } from '@rtevm/protocol'
import { ReadPoolBusyError, ReadWorkerError } from './errors.ts'
import { lendLinkKey, type SigningKey } from './lendLinkKey.ts'
import type { FromReadWorker, ReadReply, ReadWorkerInit, ToReadWorker } from './readMessages.ts'

/** The sequencer's event log, as far as forwarding goes (an in-process sequencer's `events`). */
export type ForwardableLog = {
  head(): bigint
  readFrom(fromSeq: bigint, max: number): readonly { readonly bytes: Uint8Array }[]
  subscribe(listener: (logged: { readonly seq: bigint; readonly bytes: Uint8Array }) => void): () => void
}

export type ReadPoolOptions = {
  workers: number
  /** Over the link each worker follows the sequencer itself; in-process the edge forwards the log's bytes. */
  feed:
    | { kind: 'link'; url: string; key?: SigningKey; ca?: string }
    | { kind: 'forwarded'; events: ForwardableLog }
  worker: Omit<ReadWorkerInit, 'feed' | 'catchUpTo'>
  /** The edge replica's applied seq: a restarted worker serves once it reached it. */
  appliedSeq(): bigint
  /** Worker crashes and failures, reported (the pool restarts the worker). */
  onError(error: unknown): void
  /** Most reads queued on one worker; past that on every worker → -32005. Default 1 024. */
  maxQueued?: number
}

/** `offloaded`: reads a worker answered; `inThread`: reads sent back to the edge's thread (no worker serving, behind, crashed). */
export type ReadPoolStats = {
  workers: number
  serving: number
  restarts: number
  offloaded: number
  inThread: number
}

export type ReadPool = {
  /**
   * Runs `method` with validated raw `params` on the least busy serving worker, once its
   * replica applied `minSeq`: resolves with the result's JSON text, or `undefined` when the
   * edge must answer in-thread (no worker serving, the worker fell behind or crashed).
   * Rejects with the read's own error.
   */
  run(method: string, params: unknown, minSeq: bigint, context: BlockContext): Promise<string | undefined>
  stats(): ReadPoolStats
  /** The running worker threads (resource usage; tests terminate one to see the pool recover). */
  threads(): readonly Worker[]
  close(): Promise<void>
}

/** Events forwarded to one worker per turn of the event loop while it catches up. */
const FORWARD_CHUNK = 1024
const FIRST_RESTART_MS = 100
const MAX_RESTART_MS = 5_000

type Pending = { resolve(json: string | undefined): void; reject(error: unknown): void }

type Slot = {
  worker: Worker
  /** Caught up with the edge: takes reads. */
  serving: boolean
  /** Forwarded feed: the next seq to send; undefined until the worker built its replica. */
  nextSeq: bigint | undefined
  forwarding: NodeJS.Immediate | undefined
  pending: Map<number, Pending>
  /** Stops lending the link key to this worker. */
  closeKey(): void
}

/**
 * Worker threads answering the edge's heavy reads from their own replicas, so applying
 * the stream and pushing notifications never wait on an EVM call, a trace or a large log
 * query. A worker that exits is reported, its reads are answered in-thread, and it is
 * restarted (backing off); until a worker serves, every read is answered in-thread.
 */
export function createReadPool(options: ReadPoolOptions): ReadPool {
  const maxQueued = options.maxQueued ?? 1024
  const slots = new Set<Slot>()
  let nextId = 0
  let restarts = 0
  let inThread = 0
  let offloaded = 0
  let restartDelay = FIRST_RESTART_MS
  let closed = false
  const restartTimers = new Set<NodeJS.Timeout>()
  const { feed } = options
  // Workers start with the pool, as the edge's replica does: both replay the stream from its first
  // event, which the sequencer's history holds only for so long (its --history-limit).
  const unsubscribe = feed.kind === 'forwarded' ? feed.events.subscribe(forwardLive) : undefined
  for (let i = 0; i < options.workers; i++) spawn()

  function forwardLive(logged: { readonly seq: bigint; readonly bytes: Uint8Array }) {
    for (const slot of slots) {
      if (slot.forwarding !== undefined || slot.nextSeq === undefined) continue
      if (slot.nextSeq === logged.seq) {
        post(slot, { kind: 'events', events: [logged.bytes] })
        slot.nextSeq++
      } else forward(slot)
    }
  }

  function spawn() {
    const key = feed.kind === 'link' && feed.key ? lendLinkKey(feed.key) : undefined
    const init: ReadWorkerInit = {
      ...options.worker,
      feed:
        feed.kind === 'link'
          ? { kind: 'link', url: feed.url, key: key?.lent, ca: feed.ca }
          : { kind: 'forwarded' },
      catchUpTo: options.appliedSeq(),
    }
    const worker = new Worker(new URL('./readWorker.mjs', import.meta.url), {
      workerData: init,
      transferList: key ? [key.lent.port] : [],
    })
    worker.unref()
    const slot: Slot = {
      worker,
      serving: false,
      nextSeq: undefined,
      forwarding: undefined,
      pending: new Map(),
      closeKey: () => key?.close(),
    }
    slots.add(slot)
    worker.on('message', (message: FromReadWorker) => onMessage(slot, message))
    worker.on('error', (error) => lost(slot, error))
    worker.on('exit', (code) => lost(slot, new ReadWorkerError(`a read worker exited with code ${code}`)))
  }

  function onMessage(slot: Slot, message: FromReadWorker) {
    switch (message.kind) {
      case 'started':
        slot.nextSeq = message.nextSeq
        if (feed.kind === 'forwarded') forward(slot)
        return
      case 'caughtUp':
        slot.serving = true
        restartDelay = FIRST_RESTART_MS
        return
      case 'failed':
        options.onError(new ReadWorkerError("a read worker's replica failed", message.details))
        return
      default:
        settle(slot, message)
    }
  }

  function settle(slot: Slot, reply: ReadReply) {
    const pending = slot.pending.get(reply.id)
    if (!pending) return
    slot.pending.delete(reply.id)
    switch (reply.kind) {
      case 'result':
        pending.resolve(reply.json)
        return
      case 'behind':
        pending.resolve(undefined)
        return
      case 'error':
        pending.reject(rebuild(reply.error))
        return
      case 'internal': {
        // A bug, as an in-thread handler's would be: logged with its stack, the client told only -32603.
        const error = new ReadWorkerError('a read failed', reply.details)
        options.onError(error)
        pending.reject(error)
      }
    }
  }

  /** Sends the forwarded feed from `slot.nextSeq` to the log's head, a chunk per turn. */
  function forward(slot: Slot) {
    slot.forwarding = undefined
    if (feed.kind !== 'forwarded' || slot.nextSeq === undefined || !slots.has(slot)) return
    const behind = feed.events.head() - slot.nextSeq + 1n
    if (behind <= 0n) return
    let batch: readonly { bytes: Uint8Array }[]
    try {
      batch = feed.events.readFrom(slot.nextSeq, Math.min(Number(behind), FORWARD_CHUNK))
    } catch (cause) {
      // The log no longer holds what this worker needs: it can never catch up, so reads stay in-thread.
      options.onError(
        new ReadWorkerError('a read worker cannot catch up with the event log', undefined, cause),
      )
      retire(slot)
      return
    }
    post(slot, { kind: 'events', events: batch.map((logged) => logged.bytes) })
    slot.nextSeq += BigInt(batch.length)
    if (BigInt(batch.length) < behind) slot.forwarding = setImmediate(() => forward(slot))
  }

  function post(slot: Slot, message: ToReadWorker) {
    slot.worker.postMessage(message)
  }

  /** Removes a slot for good: its reads go in-thread. */
  function retire(slot: Slot) {
    if (!slots.delete(slot)) return false
    if (slot.forwarding) clearImmediate(slot.forwarding)
    slot.closeKey()
    for (const pending of slot.pending.values()) pending.resolve(undefined)
    slot.pending.clear()
    void slot.worker.terminate()
    return true
  }

  function lost(slot: Slot, error: unknown) {
    if (!retire(slot) || closed) return
    options.onError(
      error instanceof ReadWorkerError
        ? error
        : new ReadWorkerError('a read worker crashed', undefined, error),
    )
    restarts++
    const timer = setTimeout(() => {
      restartTimers.delete(timer)
      if (!closed) spawn()
    }, restartDelay)
    restartTimers.add(timer)
    restartDelay = Math.min(restartDelay * 2, MAX_RESTART_MS)
  }

  function leastBusy(): Slot | undefined {
    let best: Slot | undefined
    for (const slot of slots) {
      if (slot.serving && (best === undefined || slot.pending.size < best.pending.size)) best = slot
    }
    return best
  }

  return {
    run(method, params, minSeq, context) {
      const slot = closed ? undefined : leastBusy()
      if (slot === undefined) {
        inThread++
        return Promise.resolve(undefined)
      }
      if (slot.pending.size >= maxQueued) return Promise.reject(new ReadPoolBusyError(maxQueued))
      const id = nextId++
      return new Promise<string | undefined>((resolve, reject) => {
        slot.pending.set(id, {
          resolve: (json) => {
            if (json === undefined) inThread++
            else offloaded++
            resolve(json)
          },
          reject: (error) => {
            offloaded++
            reject(error)
          },
        })
        post(slot, { kind: 'read', id, method, params, minSeq, context })
      })
    },
    stats() {
      let serving = 0
      for (const slot of slots) if (slot.serving) serving++
      return { workers: slots.size, serving, restarts, offloaded, inThread }
    },
    threads: () => [...slots].map((slot) => slot.worker),
    async close() {
      if (closed) return
      closed = true
      unsubscribe?.()
      for (const timer of restartTimers) clearTimeout(timer)
      const workers = [...slots].map((slot) => slot.worker)
      for (const slot of [...slots]) retire(slot)
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}

function rebuild(error: { code: string; message: string; data?: unknown; retryable: boolean }) {
  return new RtevmError(error.code, error.message, { data: error.data, retryable: error.retryable })
}
