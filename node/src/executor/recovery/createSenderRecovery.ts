import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { ErrorCode, type Recovered, RtevmError, type SenderRecovery } from '@rtevm/protocol'
import { InvalidSignatureError } from '@rtevm/protocol/errors'
import { RECOVERED_SIZE, recoverInto } from './recoverSender.mjs'

function readRecovered(out: Uint8Array, at: number): Recovered {
  return {
    hash: out.subarray(at, at + 32),
    publicKey: out.subarray(at + 32, at + 96),
    from: out.subarray(at + 96, at + 116),
  }
}

const MAX_BATCH = 512

/** Recovery on the calling thread (~60 µs per transaction with libsecp256k1). */
export function createInlineRecovery(): SenderRecovery {
  return {
    async recover(raw) {
      return recoverOne(raw)
    },
    async ready() {},
    async close() {},
  }
}

function recoverOne(raw: Uint8Array): Recovered {
  const out = new Uint8Array(RECOVERED_SIZE)
  const error = recoverInto(raw, out)
  if (error !== undefined) throw new InvalidSignatureError(error)
  return readRecovered(out, 0)
}

type Waiter = { resolve(recovered: Recovered): void; reject(error: unknown): void }

/**
 * Recovery on worker threads, so the sequencer's execution thread never pays
 * for secp256k1 or the hashing around it. Transactions arriving in the same
 * tick travel as one batch (one message each way), up to MAX_BATCH.
 */
export function createRecoveryPool(options: { workers?: number } = {}): SenderRecovery {
  const size = Math.max(1, options.workers || availableParallelism())
  const started: Promise<void>[] = []
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./recoveryWorker.mjs', import.meta.url))
    worker.unref()
    started.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve())
        worker.once('error', reject)
      }),
    )
    // The first message is the worker's "ready"; results follow.
    worker.once('message', () => worker.on('message', onResult))
    return worker
  })
  const allStarted = Promise.all(started).then(() => undefined)
  const inflight = new Map<number, Waiter[]>()
  let nextId = 0
  let nextWorker = 0
  let batch: { raws: Uint8Array[]; waiters: Waiter[] } | undefined
  let closed = false

  function onResult(message: { id: number; out: Uint8Array; errors: (string | undefined)[] }) {
    const waiters = inflight.get(message.id)
    if (!waiters) return
    inflight.delete(message.id)
    for (let i = 0; i < waiters.length; i++) {
      const error = message.errors[i]
      if (error !== undefined) waiters[i].reject(new InvalidSignatureError(error))
      else waiters[i].resolve(readRecovered(message.out, i * RECOVERED_SIZE))
    }
  }

  function flush() {
    const pending = batch
    batch = undefined
    if (!pending || closed) return
    let total = 0
    for (const raw of pending.raws) total += raw.length
    const bytes = new Uint8Array(total)
    const ends = new Uint32Array(pending.raws.length)
    let offset = 0
    pending.raws.forEach((raw, i) => {
      bytes.set(raw, offset)
      offset += raw.length
      ends[i] = offset
    })
    const id = nextId++
    inflight.set(id, pending.waiters)
    workers[nextWorker++ % workers.length].postMessage({ id, bytes, ends }, [bytes.buffer, ends.buffer])
  }

  return {
    recover(raw) {
      if (closed) return Promise.reject(shuttingDown())
      return new Promise<Recovered>((resolve, reject) => {
        if (!batch) {
          batch = { raws: [], waiters: [] }
          queueMicrotask(flush)
        }
        batch.raws.push(raw)
        batch.waiters.push({ resolve, reject })
        if (batch.raws.length >= MAX_BATCH) flush()
      })
    },
    ready: () => allStarted,
    async close() {
      closed = true
      const unanswered = [...(batch?.waiters ?? []), ...[...inflight.values()].flat()]
      batch = undefined
      inflight.clear()
      for (const waiter of unanswered) waiter.reject(shuttingDown())
      await Promise.all(workers.map(stopWorker))
    },
  }
}

/** How long a recovery worker gets to finish its batch and exit before it is terminated. */
const STOP_GRACE_MS = 2000

/**
 * Asks a worker to exit once its current batch (or its start-up) is done,
 * and terminates it only if it has not within STOP_GRACE_MS: terminating a
 * thread inside secp256k1's native code, or while it loads the addon, can
 * abort the whole process (node-addon-api's "terminate called after throwing
 * an instance of 'Napi::Error'", seen once in CI).
 */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    // Held until it exits, so close() resolves even when nothing else keeps the event loop alive.
    worker.ref()
    const timer = setTimeout(() => void worker.terminate().then(() => resolve()), STOP_GRACE_MS)
    worker.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    // Queued behind the worker's start-up, like any batch: it is read once the worker listens.
    worker.postMessage({ stop: true })
  })
}

const shuttingDown = () =>
  new RtevmError(ErrorCode.ShuttingDown, 'sender recovery is shutting down', { retryable: true })

/** Most transactions recovered inline in one event-loop turn (~60 µs each); more go to the pool. */
const MAX_INLINE_PER_TURN = 16

/**
 * Inline recovery when `idle()` says the sequencer is quiet and no pooled
 * recovery is pending — the latency path of a lone transaction, with no
 * thread hop — and the worker pool otherwise, so a burst never holds the
 * event loop for the sum of its signatures: at most MAX_INLINE_PER_TURN
 * recoveries run inline per event-loop turn. Until the pool's workers are up
 * (a start does not wait for them) recovery runs inline whether idle or not,
 * within the same bound; past it, the pool queues the work for its workers.
 * `ready()` resolves when they are up, or rejects with why they are not (then
 * every recovery runs inline).
 */
export function createAdaptiveRecovery(options: {
  pool: SenderRecovery
  inline: SenderRecovery
  idle(): boolean
}): SenderRecovery {
  const { pool, inline } = options
  let pooled = 0
  let inlineThisTurn = 0
  let poolUp = false
  let poolFailed = false
  const poolReady = pool.ready().then(
    () => {
      poolUp = true
    },
    (error: unknown) => {
      poolFailed = true
      throw error
    },
  )
  // Nothing waits for it: a failed start is reported to whoever calls ready().
  poolReady.catch(() => {})
  return {
    recover(raw) {
      if (poolFailed) return inline.recover(raw)
      // Before the workers are up the pool only queues: inline, within the same per-turn bound.
      if (pooled === 0 && inlineThisTurn < MAX_INLINE_PER_TURN && (!poolUp || options.idle())) {
        if (inlineThisTurn++ === 0) {
          setImmediate(() => {
            inlineThisTurn = 0
          })
        }
        return inline.recover(raw)
      }
      pooled++
      return pool.recover(raw).finally(() => {
        pooled--
      })
    },
    ready: () => poolReady,
    close: () => pool.close(),
  }
}
