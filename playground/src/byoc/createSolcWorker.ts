import type { Abi, Hex } from 'viem'
import { PlaygroundError } from '../errors.ts'

export type CompiledContract = { name: string; abi: Abi; bytecode: Hex }
export type Compilation = { contracts: CompiledContract[]; warnings: string[]; version: string }

export type SolcWorker = {
  compile(source: string): Promise<Compilation>
  terminate(): void
}

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

/** The devnet runs Prague rules, as the playground's own contracts are compiled for (generate.mjs). */
const EVM_VERSION = 'prague'
const MAX_SOURCE_CHARS = 200_000

/**
 * solc-js in a Web Worker (public/solcWorker.js, which loads /soljson.js from this app's
 * server): compiling takes from a few hundred ms to seconds and must not freeze the page.
 * Requests are answered in order; the first one also pays for loading the compiler.
 */
export function createSolcWorker(): SolcWorker {
  const worker = new Worker('/solcWorker.js')
  let nextId = 1
  const waiting = new Map<number, { resolve: (c: Compilation) => void; reject: (e: unknown) => void }>()
  worker.onmessage = (
    event: MessageEvent<{ id: number; output?: SolcOutput; version?: string; error?: string }>,
  ) => {
    const { id, output, version, error } = event.data
    const request = waiting.get(id)
    if (!request) return
    waiting.delete(id)
    if (error || !output) {
      request.reject(
        new PlaygroundError('PLAYGROUND_COMPILE_FAILED', `the compiler failed: ${error ?? 'no output'}`),
      )
      return
    }
    const problems = output.errors ?? []
    const errors = problems.filter((p) => p.severity === 'error').map((p) => p.formattedMessage)
    if (errors.length > 0) {
      request.reject(new PlaygroundError('PLAYGROUND_COMPILE_FAILED', errors.join('\n')))
      return
    }
    const contracts: CompiledContract[] = []
    for (const file of Object.values(output.contracts ?? {}))
      for (const [name, artifact] of Object.entries(file))
        contracts.push({ name, abi: artifact.abi, bytecode: `0x${artifact.evm.bytecode.object}` })
    request.resolve({
      contracts,
      warnings: problems.filter((p) => p.severity !== 'error').map((p) => p.formattedMessage),
      version: version ?? 'unknown',
    })
  }
  worker.onerror = (event) => {
    for (const [id, request] of waiting) {
      waiting.delete(id)
      request.reject(
        new PlaygroundError('PLAYGROUND_COMPILE_FAILED', `the compile worker failed: ${event.message}`),
      )
    }
  }
  return {
    compile(source) {
      if (source.length > MAX_SOURCE_CHARS)
        return Promise.reject(
          new PlaygroundError('PLAYGROUND_BAD_INPUT', `the source is over ${MAX_SOURCE_CHARS} characters`),
        )
      const id = nextId++
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        worker.postMessage({ id, source, evmVersion: EVM_VERSION })
      })
    },
    terminate: () => worker.terminate(),
  }
}
