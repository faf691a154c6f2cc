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

const MAX_UINT256 = (1n << 256n) - 1n

/** Translates legacy bytecode into a JavaScript function (see generateCode.ts for the gas rules). */
export function compileCode(code: Uint8Array, fork: ForkOpcodes): CompiledCode {
  const analysis = analyzeCode(code)
  const body = generateCode(analysis, fork)
  const factory = new Function(
    'JD',
    'MAX',
    `return async function compiledEvm(interp, ops, rt) {\n${body}\n}`,
  )
  return factory(analysis.jumpdests, MAX_UINT256) as CompiledCode
}
