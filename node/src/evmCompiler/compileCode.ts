import { Script } from 'node:vm'
import { analyzeCode } from './analyzeCode.ts'
import type { CompiledRuntime } from './createRuntime.ts'
import type { InterpreterLike, InterpreterResult, OpcodeEntry } from './ethereumJsShapes.ts'
import { type ForkOpcodes, generateCode } from './generateCode.ts'

/** Runs one frame of the code it was compiled from, on an Interpreter EthereumJS set up for that frame. */
export type CompiledCode = (
  interp: InterpreterLike,
  ops: readonly (OpcodeEntry | undefined)[],
  rt: CompiledRuntime,
) => Promise<InterpreterResult>

/** Translated code as plain data, so a worker thread can produce it: a script evaluating to `(JD, MAX) => CompiledCode`, and JD. */
export type TranslatedCode = { source: string; jumpdests: Uint8Array }

const MAX_UINT256 = (1n << 256n) - 1n

/** Translates legacy bytecode into a JavaScript function (see generateCode.ts for the gas rules). */
export function compileCode(code: Uint8Array, fork: ForkOpcodes): CompiledCode {
  return instantiateCode(translateCode(code, fork))
}

/** Analysis and code generation: compileCode's work that needs no EthereumJS object and no function. */
export function translateCode(code: Uint8Array, fork: ForkOpcodes): TranslatedCode {
  const analysis = analyzeCode(code)
  // The parentheses (around the factory, and around every segment function generateCode emits)
  // make V8 compile those functions with the script (its eager-compile heuristic), so the code
  // cache of the script holds them and the first frame pays no lazy compile.
  const source = `(function (JD, MAX) {\n${generateCode(analysis, fork)}\n})`
  return { source, jumpdests: analysis.jumpdests }
}

/**
 * V8's code cache of translated code: made on a worker thread, it turns
 * instantiateCode on the execution thread from a full compile of the
 * generated function into a deserialization (about 15× less for the order book).
 */
export function codeCacheOf(translated: TranslatedCode): Uint8Array {
  return new Script(translated.source).createCachedData()
}

/** Makes translated code a function of this thread (functions cannot cross threads); a rejected code cache only costs a compile. */
export function instantiateCode(translated: TranslatedCode, codeCache?: Uint8Array): CompiledCode {
  const factory = new Script(translated.source, { cachedData: codeCache }).runInThisContext()
  return factory(translated.jumpdests, MAX_UINT256) as CompiledCode
}
