import type { Block, CodeAnalysis, Instruction } from './analyzeCode.ts'
import { INLINE_HOST_OPCODES, opcodeShape, SYNC_STEP_OPCODES } from './opcodeTable.ts'
import { createStackWindow, type StackWindow } from './stackWindow.ts'

/** What the active hardfork's opcode table says about one opcode. */
export type ForkOpcode = { fee: number; dynamicGas: boolean; isAsync: boolean }

/** The active opcode table; undefined for opcodes that are invalid in this fork. */
export type ForkOpcodes = (op: number) => ForkOpcode | undefined

type Kind = 'pure' | 'jump' | 'stop' | 'memory' | 'inline' | 'host' | 'terminal' | 'handoff'

const STACK_LIMIT = 1024
/** Storage opcodes the runtime can run synchronously (nativeStorage.ts), else through EthereumJS's handlers. */
const NATIVE_STORAGE: Record<number, 'sload' | 'sstore'> = { 84: 'sload', 85: 'sstore' }

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
 * The body of `(JD, MAX) => async (interp, ops, rt) => InterpreterResult` for
 * analysed code; `JD` (jump destinations) and `MAX` (2²⁵⁶−1) are bound by the
 * caller.
 *
 * Shape: every block is cut after each asynchronous host opcode into
 * segments, and each segment is a small synchronous function (`SEG[id]`) that
 * returns the next segment's id, or a negative exit: −1 stops, −2 − i takes
 * exit i (hand the frame to the interpreter at a pc, or await one host opcode
 * and go on). A block's first segment has the block's start pc as its id, so
 * a dynamic jump goes straight to it. Small functions are what V8's
 * optimizing compiler accepts (one function for a whole contract exceeds its
 * bytecode limit and stays interpreted); the asynchronous loop that awaits
 * the host opcodes is one small function too.
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
  const exits = createExits(analysis.jumpdests.length)

  emit('const SEG = []')
  for (const block of analysis.blocks) generateBlock(block, analysis, { emit, fresh, kindOf, fork, exits })
  emit(`const XK = [${exits.kinds.join(', ')}]`)
  emit(`const XP = [${exits.pcs.join(', ')}]`)
  emit(`const XO = [${exits.ops.join(', ')}]`)
  emit(`const XN = [${exits.nexts.join(', ')}]`)
  emit('return (async function compiledEvm(interp, ops, rt) {')
  emit('const rs = interp._runState')
  emit('const stack = rs.stack')
  emit('let b = 0')
  emit('try {')
  emit('for (;;) {')
  emit('const segment = SEG[b]')
  emit('if (segment === undefined) throw rt.unreachable(b)')
  emit('const next = segment(interp, rs, stack, ops, rt)')
  emit('if (next >= 0) { b = next; continue }')
  emit('if (next === -1) return rt.stopped(rs)')
  emit('const x = -2 - next')
  emit(`if (XK[x] === ${EXIT_HANDOFF}) return await rt.handOff(interp, XP[x])`)
  emit('await rt.step(interp, XP[x], ops[XO[x]])')
  emit('if (XN[x] < 0) throw rt.unreachable(XP[x])')
  emit('b = XN[x]')
  emit('}')
  emit('} catch (error) { return rt.caught(rs, error) }')
  emit('})')
  return lines.join('\n')
}

const EXIT_HANDOFF = 0
const EXIT_STEP = 1

/** The exits segments take, numbered as they are made: each is a pc, and for a host step its opcode and the segment after it (−1 when none). */
type Exits = {
  kinds: number[]
  pcs: number[]
  ops: number[]
  nexts: number[]
  /** The return statement that hands the frame to the interpreter at `pc`. */
  handOff(pc: number): string
  /** The return statement that awaits the host opcode `op` at `pc`, then runs segment `next`. */
  step(pc: number, op: number, next: number): string
  /** A new id for a segment that continues a block. */
  continuation(): number
}

function createExits(codeLength: number): Exits {
  const exits = { kinds: [] as number[], pcs: [] as number[], ops: [] as number[], nexts: [] as number[] }
  const handOffs = new Map<number, number>()
  let continuations = 0
  const add = (kind: number, pc: number, op: number, next: number) => {
    exits.kinds.push(kind)
    exits.pcs.push(pc)
    exits.ops.push(op)
    exits.nexts.push(next)
    return exits.kinds.length - 1
  }
  return {
    ...exits,
    handOff(pc) {
      let index = handOffs.get(pc)
      if (index === undefined) {
        index = add(EXIT_HANDOFF, pc, 0, -1)
        handOffs.set(pc, index)
      }
      return `return ${-2 - index}`
    },
    step(pc, op, next) {
      return `return ${-2 - add(EXIT_STEP, pc, op, next)}`
    },
    continuation() {
      return codeLength + continuations++
    },
  }
}

type Context = {
  emit: (line: string) => void
  fresh: () => string
  kindOf: (op: number) => Kind
  fork: ForkOpcodes
  exits: Exits
}

function openSegment(emit: (line: string) => void, id: number): void {
  emit(`SEG[${id}] = (function s${id}(interp, rs, stack, ops, rt) {`)
  emit('let st = stack._store')
  emit('let sp = stack._len')
}

function generateBlock(block: Block, analysis: CodeAnalysis, context: Context): void {
  const { emit, fresh, kindOf, fork, exits } = context
  const window = createStackWindow(emit, fresh)
  openSegment(emit, block.start)
  if (block.needs > 0 || block.grows > 0) {
    emit(
      `if (sp < ${block.needs} || sp > ${STACK_LIMIT - block.grows}) { stack._len = sp; ${exits.handOff(block.start)} }`,
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
        emit(`if (rs.gasLeft < ${cost}n) { ${window.spill()}; ${exits.handOff(pc)} }`)
        emit(`rs.gasLeft -= ${cost}n`)
      }
      segmentOpen = true
    }
    switch (kind) {
      case 'pure':
        generatePure(instruction, window, emit, fresh)
        break
      case 'jump':
        generateJump(instruction, window, emit, analysis, fork(op)?.fee ?? 0, exits)
        segmentOpen = false
        break
      case 'stop':
        // The final stack stays observable (runInterpreter returns runState).
        window.flush()
        emit('stack._len = sp')
        emit('return -1')
        emit('})')
        return
      case 'memory':
        generateMemory(instruction, window, emit, fresh, fork(op)?.fee ?? 0)
        segmentOpen = false
        break
      case 'inline': {
        // EXP (base, exponent) and KECCAK256 (offset, length): operands top first.
        const name = fresh()
        const first = window.pop()
        const second = window.pop()
        emit(
          `const ${name} = rt.${op === 0x0a ? 'exp' : 'keccak'}(rs, ${first}, ${second}, ${fork(op)?.fee ?? 0}n)`,
        )
        window.push(name)
        segmentOpen = false
        break
      }
      case 'host':
      case 'terminal': {
        const entry = fork(op)
        window.flush()
        emit('stack._len = sp')
        segmentOpen = false
        if (entry?.isAsync || entry?.dynamicGas) {
          const next = kind === 'terminal' ? -1 : exits.continuation()
          const native = NATIVE_STORAGE[op]
          // A terminal opcode's handler throws (RETURN and REVERT end the frame that way).
          const after = kind === 'terminal' ? `throw rt.unreachable(${pc})` : `return ${next}`
          if (native !== undefined) emit(`if (rt.${native}(interp, rs, ${pc})) ${after}`)
          else if (SYNC_STEP_OPCODES.has(op)) emit(`if (rt.syncStep(interp, ${pc}, ops[${op}])) ${after}`)
          emit(exits.step(pc, op, next))
          emit('})')
          if (kind === 'terminal') return
          openSegment(emit, next)
          break
        }
        emit(`rt.stepSync(interp, ${pc}, ops[${op}])`)
        if (kind === 'terminal') {
          emit(`throw rt.unreachable(${pc})`)
          emit('})')
          return
        }
        emit('st = stack._store')
        emit('sp = stack._len')
        break
      }
      case 'handoff':
        emit(`${window.spill()}; ${exits.handOff(pc)}`)
        emit('})')
        return
    }
  }
  if (block.fallsThrough) {
    window.flush()
    emit('stack._len = sp')
    const last = instructions[instructions.length - 1]
    const next = last.pc + (last.op >= 0x60 && last.op <= 0x7f ? last.op - 0x5e : 1)
    // Running off the code's end stops; otherwise the next block starts at the next pc (a JUMPDEST).
    emit(next >= analysis.jumpdests.length ? 'return -1' : `return ${next}`)
  }
  emit('})')
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
  exits: Exits,
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
  const invalid = `{ ${restore}; rs.gasLeft += ${fee}n; ${exits.handOff(pc)} }`
  const constant = literalValue(dest)
  const jump =
    constant !== undefined
      ? constant < BigInt(analysis.jumpdests.length) && analysis.jumpdests[Number(constant)] === 1
        ? `stack._len = sp; return ${constant}`
        : invalid
      : `if (${dest} >= ${analysis.jumpdests.length}n || JD[Number(${dest})] !== 1) ${invalid} stack._len = sp; return Number(${dest})`
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
  if (INLINE_HOST_OPCODES.has(op) && !entry.isAsync) return 'inline'
  if (shape.kind === 'jump' || shape.kind === 'stop') return entry.dynamicGas ? 'handoff' : shape.kind
  return shape.kind
}

function literal(value: bigint): string {
  return `0x${value.toString(16)}n`
}

function literalValue(expression: string): bigint | undefined {
  return /^0x[0-9a-f]+n$/.test(expression) ? BigInt(expression.slice(0, -1)) : undefined
}
