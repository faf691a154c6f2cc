import { parentPort } from 'node:worker_threads'
import { codeCacheOf, type TranslatedCode, translateCode } from './compileCode.ts'
import { CompiledCodeError } from './errors.ts'
import type { ForkOpcode } from './generateCode.ts'

/** The active fork's opcode table as plain data, indexed by opcode (undefined: invalid in the fork). */
export type ForkOpcodeTable = readonly (ForkOpcode | undefined)[]

/** One code for the compile worker, and its answer. */
export type CompileRequest = { id: number; code: Uint8Array; fork: ForkOpcodeTable }
export type CompileResponse =
  | { id: number; translated: TranslatedCode; codeCache: Uint8Array }
  | { id: number; error: string }

const port = parentPort
if (port === null) throw new CompiledCodeError('runCompileWorker runs only as a worker thread')

port.on('message', ({ id, code, fork }: CompileRequest) => {
  let response: CompileResponse
  try {
    const translated = translateCode(code, (op) => fork[op])
    response = { id, translated, codeCache: codeCacheOf(translated) }
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) }
  }
  port.postMessage(response)
})
