import { Worker } from 'node:worker_threads'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { InvalidSignatureError } from './errors.ts'

/** Recovers a signed transaction's sender (lowercase `0x` address) on worker threads. */
export type SenderRecovery = {
  /** Rejects with InvalidSignatureError when the signature does not recover. */
  recover(raw: Uint8Array): Promise<`0x${string}`>
  close(): Promise<void>
}

type Pending = { resolve(from: `0x${string}`): void; reject(error: unknown): void }

/** `workers` threads, round-robin, so secp256k1's milliseconds never block the edge's event loop. */
export function createRecoveryWorkers(workers: number): SenderRecovery {
  const pending = new Map<number, Pending>()
  let nextId = 0
  let nextWorker = 0
  let closed = false
  let crashed: unknown
  const threads = Array.from({ length: workers < 1 ? 1 : workers }, () => {
    const worker = new Worker(new URL('./recoverWorker.mjs', import.meta.url))
    worker.unref()
    worker.on('message', ({ id, from }: { id: number; from?: `0x${string}` }) => {
      const waiter = pending.get(id)
      pending.delete(id)
      if (!waiter) return
      if (from) waiter.resolve(from)
      else waiter.reject(new InvalidSignatureError('the signature does not recover to a public key'))
    })
    // A crashed worker cannot answer: fail what waits, and what comes, rather than hang sends.
    worker.on('error', (cause) => {
      crashed = cause
      for (const waiter of pending.values()) waiter.reject(recoveryFailed(cause))
      pending.clear()
    })
    return worker
  })

  return {
    recover(raw) {
      if (closed) return Promise.reject(shuttingDown())
      if (crashed !== undefined) return Promise.reject(recoveryFailed(crashed))
      return new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve, reject })
        threads[nextWorker++ % threads.length].postMessage({ id, raw })
      })
    },
    async close() {
      closed = true
      for (const waiter of pending.values()) waiter.reject(shuttingDown())
      pending.clear()
      await Promise.all(threads.map((worker) => worker.terminate()))
    },
  }
}

const shuttingDown = () =>
  new RtevmError(ErrorCode.ShuttingDown, 'sender recovery is shutting down', { retryable: true })
const recoveryFailed = (cause: unknown) =>
  new RtevmError(ErrorCode.Internal, 'sender recovery failed: a worker thread crashed', { cause })
