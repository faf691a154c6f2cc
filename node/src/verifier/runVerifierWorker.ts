import { parentPort, workerData } from 'node:worker_threads'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { createBackgroundCompiler } from '../evmCompiler/index.ts'
import { type BlockToVerify, createStatelessVerifier, type Verification } from './createStatelessVerifier.ts'

/** A job for a verifier worker, and its answer. */
export type WorkerRequest = { id: number; block: BlockToVerify }
export type WorkerResponse = { id: number; verification: Verification } | { id: number; error: string }

/** What the pool starts each worker with. */
export type VerifierWorkerData = { chainId: bigint; compileContracts: boolean }

const { chainId, compileContracts } = workerData as VerifierWorkerData
// One compile worker per verifier thread, started on the first hot code; it ends with this thread.
const verifier = createStatelessVerifier({
  chainId,
  compileContracts,
  compiler: compileContracts ? { background: createBackgroundCompiler() } : undefined,
})
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
