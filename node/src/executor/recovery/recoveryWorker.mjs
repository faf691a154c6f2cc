// Worker thread: recovers senders for batches of raw transactions sent by createRecoveryPool.
import { parentPort } from 'node:worker_threads'
import { recoverInto } from './recoverSender.mjs'

parentPort?.on('message', (/** @type {{id: number, bytes: Uint8Array, ends: Uint32Array}} */ batch) => {
  const count = batch.ends.length
  const out = new Uint8Array(count * 96)
  /** @type {(string | undefined)[]} */
  const errors = []
  let start = 0
  for (let i = 0; i < count; i++) {
    const end = batch.ends[i]
    const error = recoverInto(batch.bytes.subarray(start, end), out.subarray(i * 96, i * 96 + 96))
    if (error !== undefined) errors[i] = error
    start = end
  }
  parentPort?.postMessage({ id: batch.id, out, errors }, [out.buffer])
})
