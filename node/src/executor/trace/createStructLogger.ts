import type { TracerSpec } from '@rtevm/protocol'
import { hexFromBytes } from '../../state/index.ts'
import { attachHooks, type OpcodeStep, word } from './attachHooks.ts'
import { dataHex, quantityHex, wordHex } from './hex.ts'
import type { TxTracer } from './TxTracer.ts'

type StructConfig = Omit<Extract<TracerSpec, { kind: 'struct' }>, 'kind'>

/** One step in geth's legacy JSON shape (structLogLegacy), its cost settled once a call's callee starts. */
type Entry = {
  pc: number
  op: string
  gas: number
  gasCost: number
  depth: number
  error?: string
  stack?: string[]
  returnData?: string
  memory?: string[]
  storage?: Record<string, string>
  refund?: number
}

const CALLS: ReadonlySet<string> = new Set(['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL'])
const CALL_STIPEND = 2300n

/**
 * geth's default tracer, the struct logger (eth/tracers/logger): one entry
 * per opcode with pc, op, gas, cost, depth and, per config, the stack,
 * memory, return data, and on SLOAD/SSTORE the contract's slots seen so far.
 * Entries are formatted as they come, so only what the config asks is kept.
 */
export function createStructLogger(config: StructConfig): TxTracer {
  const entries: Entry[] = []
  let output: Uint8Array = new Uint8Array(0)
  let error: string | undefined
  let reverted = false

  return {
    start(run) {
      // Per contract: the slots read or written so far, as geth's logger keeps them.
      const seen = new Map<string, Map<string, string>>()
      // A CALL whose callee has not started yet: geth counts the gas it forwards in its cost.
      let calling: Entry | undefined
      return attachHooks(run, {
        onOpcode(step) {
          const tracked = !config.disableStorage && (step.op === 'SLOAD' || step.op === 'SSTORE')
          const entry = format(step, config, tracked ? storageAt(step, seen, run.state) : undefined)
          entries.push(entry)
          calling = CALLS.has(step.op) ? entry : undefined
        },
        onOpcodeError(message) {
          const last = entries[entries.length - 1]
          if (last) last.error = message
        },
        onEnter(frame) {
          if (calling && frame.depth === calling.depth) {
            const valued = (frame.type === 'CALL' || frame.type === 'CALLCODE') && (frame.value ?? 0n) > 0n
            calling.gasCost += Number(frame.gas - (valued ? CALL_STIPEND : 0n))
          }
          calling = undefined
        },
        onExit(frame) {
          if (frame.depth !== 0) return
          output = frame.output
          error = frame.error
          reverted = frame.reverted
        },
      })
    },
    result(outcome) {
      const failed = error !== undefined
      return {
        gas: Number(outcome.totalGasSpent),
        failed,
        // The output when it succeeded, the revert payload when it reverted, otherwise nothing.
        returnValue: dataHex(failed && !reverted ? new Uint8Array(0) : output),
        structLogs: entries,
      }
    },
  }
}

/** Records the slot an SLOAD reads (its current value) or an SSTORE writes; returns the contract's slots so far (live: copy them). */
function storageAt(
  step: OpcodeStep,
  seen: Map<string, Map<string, string>>,
  state: { getStorage(address: string, slot: string): Uint8Array | undefined },
): Map<string, string> | undefined {
  const { stack } = step
  const top = stack.length - 1
  if (top < 0 || (step.op === 'SSTORE' && top < 1)) return undefined
  const address = hexFromBytes(step.address)
  let slots = seen.get(address)
  if (!slots) {
    slots = new Map()
    seen.set(address, slots)
  }
  const key = word(stack[top]!)
  const value =
    step.op === 'SLOAD'
      ? wordHex(bytesValue(state.getStorage(address, hexFromBytes(key))))
      : wordHex(stack[top - 1]!)
  slots.set(dataHex(key), value)
  return slots
}

function bytesValue(bytes: Uint8Array | undefined): bigint {
  return bytes && bytes.length > 0 ? BigInt(dataHex(bytes)) : 0n
}

/** geth's legacy JSON for one step, optional fields only when present. */
function format(step: OpcodeStep, config: StructConfig, storage?: Map<string, string>): Entry {
  const entry: Entry = {
    pc: step.pc,
    op: step.op,
    gas: Number(step.gas),
    gasCost: Number(step.cost),
    depth: step.depth,
  }
  if (!config.disableStack) entry.stack = step.stack.map(quantityHex)
  if (config.enableReturnData && step.returnData.length > 0) entry.returnData = dataHex(step.returnData)
  if (config.enableMemory && step.memory.length > 0) entry.memory = memoryWords(step.memory)
  if (storage && storage.size > 0) entry.storage = Object.fromEntries(storage)
  if (step.refund > 0n) entry.refund = Number(step.refund)
  return entry
}

/** Memory as 32-byte words of 0x-prefixed hex. */
function memoryWords(memory: Uint8Array): string[] {
  const words: string[] = []
  for (let i = 0; i < memory.length; i += 32) {
    const chunk = new Uint8Array(32)
    chunk.set(memory.subarray(i, i + 32))
    words.push(dataHex(chunk))
  }
  return words
}
