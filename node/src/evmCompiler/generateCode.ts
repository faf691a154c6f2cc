import type { Block, CodeAnalysis, Instruction } from './analyzeCode.ts'
import { opcodeShape } from './opcodeTable.ts'
import { createStackWindow, type StackWindow } from './stackWindow.ts'

/** What the active hardfork's opcode table says about one opcode. */
export type ForkOpcode = { fee: number; dynamicGas: boolean; isAsync: boolean }

/** The active opcode table; undefined for opcodes that are invalid in this fork. */
export type ForkOpcodes = (op: number) => ForkOpcode | undefined

type Kind = 'pure' | 'jump' | 'stop' | 'memory' | 'host' | 'terminal' | 'handoff'

const STACK_LIMIT = 1024

const BINARY: Record<number, (a: string, b: string) => string> = {
  1: (a, b) => `BigInt.asUintN(256, ${a} + ${b})`,
  2: (a, b) => `BigInt.asUintN(256, ${a} * ${b})`,
  3: (a, b) => `BigInt.asUintN(256, ${a} - ${b})`,
  4: (a, b) => `(${b} === 0n ? 0n : ${a} / ${b})`,
  6: (a, b) => `(${b} === 0n ? 0n : ${a} % ${b})`,
  16: (a, b) => `(${a} < ${b} ? 1n : 0n)`,
  17: (a, b) => `(${a} > ${b} ? 1n : 0n)`,
  18: (a, b) => `(BigInt.asIntN(256, ${a}) < BigInt.asIntN(256, ${b}) ? 1n : 0n)`,
  19: (a, b) => `(BigInt.asIntN(256, ${a}) > BigInt.asIntN(256, ${b}) ? 1n : 0n)`,
  20: (a, b) => `(${a} === ${b} ? 1n : 0n)`,
  22: (a, b) => `(${a} & ${b})`,
  23: (a, b) => `(${a} | ${b})`,
  24: (a, b) => `(${a} ^ ${b})`,
  26: (a, b) => `(${a} > 32n ? 0n : (${b} >> ((31n - ${a}) * 8n)) & 255n)`,
  27: (a, b) => `(${a} > 256n ? 0n : (${b} << ${a}) & MAX)`,
  28: (a, b) => `(${a} > 256n ? 0n : ${b} >> ${a})`,
}

const UNARY: Record<number, (a: string) => string> = {
  21: (a) => `(${a} === 0n ? 1n : 0n)`,
  25: (a) => `BigInt.asUintN(256, ~${a})`,
  53: (a) => `rt.callDataLoad(interp, ${a})`,
}

const ENVIRONMENT: Record<number, string> = {
  51: 'interp.getCaller()',
  52: 'interp.getCallValue()',
  54: 'interp.getCallDataSize()',
}

/**
 * The body of `async (interp, ops, rt) => InterpreterResult` for analysed
 * code; `JD` (jump destinations) and `MAX` (2²⁵⁶−1) are bound by the caller.
 *
 * Gas: each run of inlined opcodes up to the next opcode that reads gas or
 * charges dynamically is paid at once after checking it is affordable; when
 * it is not, or a block's stack bounds do not hold on entry, the frame is
 * handed to EthereumJS's interpreter at the start of that run, with the stack
 * and gas exactly as the interpreter would have them, so an out-of-gas or
 * stack error happens at the same opcode with the same result.
 */
export function generateCode(analysis: CodeAnalysis, fork: ForkOpcodes): string {
  const lines: string[] = []
  const emit = (line: string) => lines.push(line)
  let counter = 0
  const fresh = () => `v${counter++}`
  const kindOf = (op: number) => classify(op, fork)

  emit('const rs = interp._runState')
  emit('const stack = rs.stack')
  emit('let st = stack._store')
  emit('let sp = stack._len')
  emit('let b = 0')
  emit('try {')
  emit('dispatch: for (;;) {')
  emit('switch (b) {')
  for (const block of analysis.blocks) {
    emit(`case ${block.start}: {`)
    generateBlock(block, analysis, { emit, fresh, kindOf, fork })
    emit('}')
  }
  emit('default: throw rt.unreachable(b)')
  emit('}')
  emit('}')
  emit('} catch (error) { return rt.caught(rs, error) }')
  return lines.join('\n')
}

type Context = {
  emit: (line: string) => void
  fresh: () => string
  kindOf: (op: number) => Kind
  fork: ForkOpcodes
}

function generateBlock(block: Block, analysis: CodeAnalysis, context: Context): void {
  const { emit, fresh, kindOf, fork } = context
  const window = createStackWindow(emit, fresh)
  const handOff = (pc: number) => `return await rt.handOff(interp, ${pc})`
  if (block.needs > 0 || block.grows > 0) {
    emit(
      `if (sp < ${block.needs} || sp > ${STACK_LIMIT - block.grows}) { stack._len = sp; ${handOff(block.start)} }`,
    )
  }
  const { instructions } = block
  let segmentOpen = false
  for (let i = 0; i < instructions.length; i++) {
    const instruction = instructions[i]
    const { pc, op } = instruction
    const kind = kindOf(op)
    if (!segmentOpen && (kind === 'pure' || kind === 'jump' || kind === 'stop')) {
      const cost = segmentCost(instructions, i, kindOf, fork)
      if (cost > 0) {
        emit(`if (rs.gasLeft < ${cost}n) { ${window.spill()}; ${handOff(pc)} }`)
        emit(`rs.gasLeft -= ${cost}n`)
      }
      segmentOpen = true
    }
    switch (kind) {
      case 'pure':
        generatePure(instruction, window, emit, fresh)
        break
      case 'jump':
        generateJump(instruction, window, emit, analysis, fork(op)?.fee ?? 0)
        segmentOpen = false
        break
      case 'stop':
        // The final stack stays observable (runInterpreter returns runState).
        window.flush()
        emit('stack._len = sp')
        emit('return rt.stopped(rs)')
        return
      case 'memory':
        generateMemory(instruction, window, emit, fresh, fork(op)?.fee ?? 0)
        segmentOpen = false
        break
      case 'host':
      case 'terminal': {
        const entry = fork(op)
        window.flush()
        emit('stack._len = sp')
        const call =
          entry?.isAsync || entry?.dynamicGas
            ? `await rt.step(interp, ${pc}, ops[${op}])`
            : `rt.stepSync(interp, ${pc}, ops[${op}])`
        emit(call)
        if (kind === 'terminal') {
          emit(`throw rt.unreachable(${pc})`)
          return
        }
        emit('st = stack._store')
        emit('sp = stack._len')
        segmentOpen = false
        break
      }
      case 'handoff':
        emit(`${window.spill()}; ${handOff(pc)}`)
        return
    }
  }
  if (!block.fallsThrough) return
  window.flush()
  const last = instructions[instructions.length - 1]
  const next = last.pc + (last.op >= 0x60 && last.op <= 0x7f ? last.op - 0x5e : 1)
  if (next >= analysis.jumpdests.length) {
    emit('stack._len = sp')
    emit('return rt.stopped(rs)')
  }
}

function segmentCost(
  instructions: Instruction[],
  from: number,
  kindOf: (op: number) => Kind,
  fork: ForkOpcodes,
): number {
  let cost = 0
  for (let i = from; i < instructions.length; i++) {
    const kind = kindOf(instructions[i].op)
    if (kind !== 'pure' && kind !== 'jump' && kind !== 'stop') break
    cost += fork(instructions[i].op)?.fee ?? 0
    if (kind !== 'pure') break
  }
  return cost
}

function generatePure(
  instruction: Instruction,
  window: StackWindow,
  emit: (line: string) => void,
  fresh: () => string,
): void {
  const { pc, op } = instruction
  if (op >= 0x5f && op <= 0x7f) {
    window.push(literal(instruction.immediate ?? 0n))
  } else if (op >= 0x80 && op <= 0x8f) {
    const n = op - 0x7f
    window.need(n)
    window.push(window.at(n - 1))
  } else if (op >= 0x90 && op <= 0x9f) {
    const n = op - 0x8f
    window.need(n + 1)
    window.swap(n)
  } else if (op === 0x50) {
    window.pop()
  } else if (op === 0x58) {
    window.push(`${pc}n`)
  } else if (op !== 0x5b) {
    const name = fresh()
    const binary = BINARY[op]
    const unary = UNARY[op]
    if (binary !== undefined) {
      const a = window.pop()
      const b = window.pop()
      emit(`const ${name} = ${binary(a, b)}`)
    } else if (unary !== undefined) {
      emit(`const ${name} = ${unary(window.pop())}`)
    } else {
      emit(`const ${name} = ${ENVIRONMENT[op]}`)
    }
    window.push(name)
  }
}

function generateJump(
  instruction: Instruction,
  window: StackWindow,
  emit: (line: string) => void,
  analysis: CodeAnalysis,
  fee: number,
): void {
  const { pc, op } = instruction
  const dest = window.pop()
  const condition = op === 0x57 ? window.pop() : undefined
  window.flush()
  // An invalid target goes back to the interpreter at the jump itself, with its
  // fee refunded and operands restored, so the error is EthereumJS's own.
  const restore =
    condition === undefined
      ? `st[sp] = ${dest}; stack._len = sp + 1`
      : `st[sp] = ${condition}; st[sp + 1] = ${dest}; stack._len = sp + 2`
  const invalid = `{ ${restore}; rs.gasLeft += ${fee}n; return await rt.handOff(interp, ${pc}) }`
  const constant = literalValue(dest)
  const jump =
    constant !== undefined
      ? constant < BigInt(analysis.jumpdests.length) && analysis.jumpdests[Number(constant)] === 1
        ? `b = ${constant}; continue dispatch`
        : invalid
      : `if (${dest} >= ${analysis.jumpdests.length}n || JD[Number(${dest})] !== 1) ${invalid} b = Number(${dest}); continue dispatch`
  if (condition === undefined) emit(jump)
  else emit(`if (${condition} !== 0n) { ${jump} }`)
}

function generateMemory(
  instruction: Instruction,
  window: StackWindow,
  emit: (line: string) => void,
  fresh: () => string,
  fee: number,
): void {
  const offset = window.pop()
  if (instruction.op === 0x51) {
    const name = fresh()
    emit(`const ${name} = rt.mload(rs, ${offset}, ${fee}n)`)
    window.push(name)
    return
  }
  const value = window.pop()
  emit(`rt.${instruction.op === 0x52 ? 'mstore' : 'mstore8'}(rs, ${offset}, ${value}, ${fee}n)`)
}

function classify(op: number, fork: ForkOpcodes): Kind {
  const shape = opcodeShape(op)
  const entry = fork(op)
  if (shape === undefined || entry === undefined) return 'handoff'
  if (shape.kind === 'pure') return entry.dynamicGas ? 'host' : 'pure'
  if (shape.kind === 'memory') return entry.dynamicGas ? 'memory' : 'host'
  if (shape.kind === 'jump' || shape.kind === 'stop') return entry.dynamicGas ? 'handoff' : shape.kind
  return shape.kind
}

function literal(value: bigint): string {
  return `0x${value.toString(16)}n`
}

function literalValue(expression: string): bigint | undefined {
  return /^0x[0-9a-f]+n$/.test(expression) ? BigInt(expression.slice(0, -1)) : undefined
}
