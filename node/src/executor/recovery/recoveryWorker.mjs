// Worker thread: recovers senders for batches of raw transactions sent by createRecoveryPool.
import { parentPort } from 'node:worker_threads'
import { RECOVERED_SIZE, recoverInto } from './recoverSender.mjs'

// Tell the pool the modules are loaded, so the first batch does not wait for start-up.
parentPort?.postMessage({ ready: true })

parentPort?.on(
  'message',
  (/** @type {{id: number, bytes: Uint8Array, ends: Uint32Array} | {stop: true}} */ message) => {
    // The pool is closing: stop listening, and the thread exits between batches, never inside secp256k1.
    if ('stop' in message) {
      parentPort?.close()
      return
    }
    const batch = message
    const count = batch.ends.length
    const out = new Uint8Array(count * RECOVERED_SIZE)
    /** @type {(string | undefined)[]} */
    const errors = []
    let start = 0
    for (let i = 0; i < count; i++) {
      const end = batch.ends[i]
      const error = recoverInto(
        batch.bytes.subarray(start, end),
        out.subarray(i * RECOVERED_SIZE, (i + 1) * RECOVERED_SIZE),
      )
      if (error !== undefined) errors[i] = error
      start = end
    }
    parentPort?.postMessage({ id: batch.id, out, errors }, [out.buffer])
  },
)
