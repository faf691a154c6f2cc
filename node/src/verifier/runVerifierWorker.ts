import { parentPort, workerData } from 'node:worker_threads'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { type BlockToVerify, createStatelessVerifier, type Verification } from './createStatelessVerifier.ts'

/** A job for a verifier worker, and its answer. */
export type WorkerRequest = { id: number; block: BlockToVerify }
export type WorkerResponse = { id: number; verification: Verification } | { id: number; error: string }

const verifier = createStatelessVerifier({ chainId: (workerData as { chainId: bigint }).chainId })
const port = parentPort
if (port === null) throw new RtevmError(ErrorCode.Internal, 'runVerifierWorker runs only as a worker thread')

port.on('message', async ({ id, block }: WorkerRequest) => {
  let response: WorkerResponse
  try {
    response = { id, verification: await verifier.verify(block) }
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) }
  }
  port.postMessage(response)
})
// Tell the pool the modules are loaded, so the first block does not wait for start-up.
port.postMessage({ ready: true })
