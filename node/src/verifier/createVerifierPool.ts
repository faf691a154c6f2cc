import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { type Attestation, ErrorCode, RtevmError } from '@rtevm/protocol'
import { createAttestationSigner, trackFinality } from '../finality/index.ts'
import type { BlockToVerify, Verification } from './createStatelessVerifier.ts'
import type { VerifierWorkerData, WorkerRequest, WorkerResponse } from './runVerifierWorker.ts'

export type VerifierPoolOptions = {
  chainId: bigint
  /** secp256k1 private key (32 bytes) that signs attestations. */
  signerKey: Uint8Array
  /** Worker threads; defaults to the machine's parallelism. */
  workers?: number
  /** Re-execute hot contract code compiled to JavaScript (one compile worker per verifier thread). Default true. */
  compileContracts?: boolean
  /** The newest block already final (genesis, or where a restarted pool left off) and its state root. */
  finalizedFrom: { number: bigint; stateRoot: Uint8Array }
}

/** One signed outcome, with the verifier's reason when the block failed. */
export type AttestationEvent = { attestation: Attestation; verification: Verification; finalized: bigint }

/**
 * Stateless verification on worker threads: blocks are verified in whatever
 * order they arrive (any block whose witness is available), each outcome is
 * signed as an attestation, and `finalized` follows the newest block from
 * which back to `finalizedFrom` every block attested ok.
 */
export type VerifierPool = {
  /** The address attestations are signed by. */
  readonly verifier: Uint8Array
  /** Queues `block`; resolves with its signed attestation (ok or not). Rejects only if the pool fails. */
  verify(block: BlockToVerify): Promise<Attestation>
  /** The newest contiguous attested-ok block. */
  finalized(): bigint
  /** Tells `listener` about every attestation; returns the unsubscribe function. */
  onAttestation(listener: (event: AttestationEvent) => void): () => void
  /** Resolves once every worker has loaded. */
  ready(): Promise<void>
  close(): Promise<void>
}

type Job = { block: BlockToVerify; resolve(a: Attestation): void; reject(e: unknown): void }

export function createVerifierPool(options: VerifierPoolOptions): VerifierPool {
  const signer = createAttestationSigner(options.signerKey)
  const finality = trackFinality(options.finalizedFrom.number, options.finalizedFrom.stateRoot)
  const listeners = new Set<(event: AttestationEvent) => void>()
  const queue: Job[] = []
  const idle: Worker[] = []
  const running = new Map<number, Job>()
  let nextId = 0
  let closed = false

  const size = Math.max(1, options.workers ?? availableParallelism())
  const started: Promise<void>[] = []
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./verifierWorker.mjs', import.meta.url), {
      workerData: {
        chainId: options.chainId,
        compileContracts: options.compileContracts ?? true,
      } satisfies VerifierWorkerData,
    })
    started.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', () => {
          worker.on('message', (response: WorkerResponse) => onResponse(worker, response))
          idle.push(worker)
          dispatch()
          resolve()
        })
        worker.once('error', reject)
      }),
    )
    worker.on('error', (error) => failAll(error))
    return worker
  })
  const allStarted = Promise.all(started).then(() => undefined)
  allStarted.catch(() => {})

  function dispatch() {
    while (!closed && idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker
      const job = queue.shift() as Job
      const id = nextId++
      running.set(id, job)
      worker.postMessage({ id, block: job.block } satisfies WorkerRequest)
    }
  }

  function onResponse(worker: Worker, response: WorkerResponse) {
    const job = running.get(response.id)
    running.delete(response.id)
    idle.push(worker)
    dispatch()
    if (job === undefined) return
    if ('error' in response) {
      job.reject(new RtevmError(ErrorCode.Internal, 'a verifier worker failed', { details: response.error }))
      return
    }
    const { verification } = response
    const attestation = signer.sign({
      blockNumber: verification.blockNumber,
      blockHash: verification.blockHash,
      stateRoot: verification.stateRoot,
      receiptsRoot: verification.receiptsRoot,
      ok: verification.ok,
    })
    finality.add({
      blockNumber: verification.blockNumber,
      ok: verification.ok,
      parentStateRoot: job.block.parentStateRoot,
      stateRoot: verification.stateRoot,
    })
    job.resolve(attestation)
    const event = { attestation, verification, finalized: finality.finalized() }
    for (const listener of listeners) listener(event)
  }

  function failAll(error: unknown) {
    const cause = new RtevmError(ErrorCode.Internal, 'a verifier worker crashed', { cause: error })
    for (const job of [...running.values(), ...queue.splice(0)]) job.reject(cause)
    running.clear()
  }

  return {
    verifier: signer.address,
    verify(block) {
      if (closed) return Promise.reject(new RtevmError(ErrorCode.ShuttingDown, 'the verifier pool is closed'))
      return new Promise<Attestation>((resolve, reject) => {
        queue.push({ block, resolve, reject })
        dispatch()
      })
    },
    finalized: () => finality.finalized(),
    onAttestation(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    ready: () => allStarted,
    async close() {
      if (closed) return
      closed = true
      const shutdown = new RtevmError(ErrorCode.ShuttingDown, 'the verifier pool is closed')
      for (const job of [...running.values(), ...queue.splice(0)]) job.reject(shutdown)
      running.clear()
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}
