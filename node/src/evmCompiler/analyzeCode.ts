import { opcodeShape } from './opcodeTable.ts'

const JUMPDEST = 0x5b
const JUMP = 0x56

export type Instruction = {
  pc: number
  op: number
  /** The pushed value, for PUSH0…PUSH32 (short push data at the end of code is zero-padded on the right). */
  immediate?: bigint
}

/**
 * Straight-line code from a jump target (or pc 0) up to the first opcode
 * after which execution cannot continue in sequence. A JUMPI does not end a
 * block: its fall-through path continues in place.
 */
export type Block = {
  start: number
  instructions: Instruction[]
  /** True when execution runs off the block's end into the next JUMPDEST or the code's end. */
  fallsThrough: boolean
  /** The stack height the block needs on entry so none of its opcodes underflows. */
  needs: number
  /** The largest height above the entry height the block reaches. */
  grows: number
}

export type CodeAnalysis = {
  blocks: Block[]
  /** 1 at every JUMPDEST outside push data, as EthereumJS's own analysis marks them. */
  jumpdests: Uint8Array
}

const ENDS_BLOCK = new Set(['stop', 'terminal'])

/** Splits legacy bytecode into blocks; code after a block's end that no JUMPDEST starts is dead and dropped. */
export function analyzeCode(code: Uint8Array): CodeAnalysis {
  const jumpdests = new Uint8Array(code.length)
  const blocks: Block[] = []
  let current: Block | undefined
  for (let pc = 0; pc < code.length; ) {
    const op = code[pc]
    const size = op >= 0x60 && op <= 0x7f ? op - 0x5e : 1
    if (op === JUMPDEST) jumpdests[pc] = 1
    if (op === JUMPDEST || pc === 0) {
      current = { start: pc, instructions: [], fallsThrough: true, needs: 0, grows: 0 }
      blocks.push(current)
    }
    if (current !== undefined) {
      const instruction: Instruction = { pc, op }
      if (op >= 0x5f && op <= 0x7f) instruction.immediate = pushValue(code, pc + 1, size - 1)
      current.instructions.push(instruction)
      const shape = opcodeShape(op)
      if (shape === undefined || ENDS_BLOCK.has(shape.kind) || op === JUMP) {
        current.fallsThrough = false
        current = undefined
      }
    }
    pc += size
  }
  for (const block of blocks) {
    let h = 0
    for (const { op } of block.instructions) {
      const shape = opcodeShape(op)
      if (shape === undefined) break
      block.needs = Math.max(block.needs, shape.pops - h)
      h += shape.pushes - shape.pops
      block.grows = Math.max(block.grows, h)
    }
  }
  return { blocks, jumpdests }
}

function pushValue(code: Uint8Array, from: number, length: number): bigint {
  let value = 0n
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(code[from + i] ?? 0)
  return value
}
