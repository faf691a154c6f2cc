import type { EVMResult, InterpreterStep, Message } from '@ethereumjs/evm'
import type { Address } from '@ethereumjs/util'
import { hexFromBytes } from '../../state/index.ts'
import { gethError, gethOpName } from './gethErrors.ts'
import type { TracedRun } from './TxTracer.ts'

export type CallType =
  | 'CALL'
  | 'CALLCODE'
  | 'DELEGATECALL'
  | 'STATICCALL'
  | 'CREATE'
  | 'CREATE2'
  | 'SELFDESTRUCT'

/**
 * A call frame as geth's `OnEnter` hook sees it; `depth` 0 is the
 * transaction's own call. A SELFDESTRUCT is a frame of its own (no gas, the
 * balance as value), as geth reports it.
 */
export type FrameEnter = {
  depth: number
  type: CallType
  from: Uint8Array
  /** The callee; for a create, the new address, filled in once the EVM picks it (absent on a collision). */
  to?: Uint8Array
  input: Uint8Array
  gas: bigint
  /** Absent for STATICCALL, as in geth. */
  value?: bigint
}

/** A frame's end as geth's `OnExit` hook sees it. */
export type FrameExit = {
  depth: number
  output: Uint8Array
  gasUsed: bigint
  /** geth's error message; absent on success. */
  error?: string
  /** The error was a REVERT: `output` is its payload. */
  reverted: boolean
}

/** One opcode about to run, as geth's `OnOpcode` hook sees it; valid until the next event (copy what you keep). */
export type OpcodeStep = {
  pc: number
  /** geth's opcode name. */
  op: string
  code: number
  gas: bigint
  /** What the opcode costs by itself (geth's struct logger also counts the gas a CALL forwards: see there). */
  cost: bigint
  /** 1 for the transaction's own frame, as geth counts. */
  depth: number
  /** Bottom first. */
  stack: bigint[]
  /** Memory before the opcode runs (its expansion comes after). */
  memory: Uint8Array
  refund: bigint
  /** The storage context (the caller's address under DELEGATECALL). */
  address: Uint8Array
  /** Return data of the frame's last call. */
  returnData: Uint8Array
}

/** A log as geth's `OnLog` hook sees it; `index` counts the block's logs so far. */
export type TraceLog = { address: Uint8Array; topics: Uint8Array[]; data: Uint8Array; index: number }

/** geth's tracing hooks (core/tracing), the subset its built-in tracers use. */
export type TraceHooks = {
  onEnter?(frame: FrameEnter): void
  onExit?(frame: FrameExit): void
  onOpcode?(step: OpcodeStep): void
  /** The opcode just seen failed its own checks (gas, stack) and ended its frame: geth reports the error on it. */
  onOpcodeError?(error: string): void
  onLog?(log: TraceLog): void
}

const CALL_OPS: ReadonlySet<string> = new Set([
  'CALL',
  'CALLCODE',
  'DELEGATECALL',
  'STATICCALL',
  'CREATE',
  'CREATE2',
])
/** Halts geth reports on the opcode itself (raised before it runs); others only end the frame. */
const STEP_ERRORS: ReadonlySet<string> = new Set(['out of gas', 'stack underflow', 'stack overflow'])
const CALL_STIPEND = 2300n
/** Call frames nest at most 1024 deep below the transaction's own. */
const MAX_DEPTH = 1024
const EMPTY = new Uint8Array(0)

type Frame = {
  enter: FrameEnter
  returnData: Uint8Array
  lastStep?: OpcodeStep
  firstLog: number
  /** The beneficiary and balance of the SELFDESTRUCT this frame ran, reported once it ends well. */
  selfdestruct?: { to: Uint8Array; value: bigint }
}

/**
 * Turns the EVM's events (`step`, `beforeMessage`, `newContract`,
 * `afterMessage`) into geth's hooks, so the tracers read like geth's.
 * EthereumJS's messages do not say which opcode made them, so the frame
 * type comes from the opcode step just before. Returns the unsubscribe.
 */
export function attachHooks(run: TracedRun, hooks: TraceHooks): () => void {
  const events = run.vm.evm.events
  if (!events) throw new TypeError('the EVM has no event emitter to trace with')
  const frames: Frame[] = []
  let pending: OpcodeStep | undefined
  let logIndex = run.firstLogIndex

  /**
   * A call or create opcode that made no message failed before starting
   * (call depth, or a value above the balance): geth still reports it as a
   * frame that used no gas (a create's without an address).
   */
  function refused(call: OpcodeStep, frame: Frame) {
    pending = undefined
    const type = call.op as CallType
    const stack = call.stack
    const at = (i: number) => stack[stack.length - 1 - i] ?? 0n
    const available = call.gas - call.cost
    const cap = available - available / 64n
    const depth = frame.enter.depth + 1
    if (type === 'CREATE' || type === 'CREATE2') {
      const input = memorySlice(call.memory, Number(at(1)), Number(at(2)))
      hooks.onEnter?.({ depth, type, from: call.address, input, gas: cap, value: at(0) })
    } else {
      const valued = type === 'CALL' || type === 'CALLCODE'
      const value = valued ? at(2) : type === 'DELEGATECALL' ? frame.enter.value : undefined
      const args = valued ? 3 : 2
      const forwarded = at(0) < cap ? at(0) : cap
      hooks.onEnter?.({
        depth,
        type,
        from: call.address,
        to: word(at(1)).subarray(12),
        input: memorySlice(call.memory, Number(at(args)), Number(at(args + 1))),
        gas: forwarded + (valued && at(2) > 0n ? CALL_STIPEND : 0n),
        value,
      })
    }
    const error = depth > MAX_DEPTH ? 'max call depth exceeded' : 'insufficient balance for transfer'
    hooks.onExit?.({ depth, output: EMPTY, gasUsed: 0n, error, reverted: false })
    frame.returnData = EMPTY
  }

  function onStep(step: InterpreterStep) {
    const frame = frames[frames.length - 1]
    if (pending && frame) refused(pending, frame)
    // EthereumJS runs every undefined opcode as 0xfe; geth names the byte it met.
    const code = step.opcode.code === 0xfe && frame ? byteAt(frame, step) : step.opcode.code
    const out: OpcodeStep = {
      pc: step.pc,
      op: gethOpName(step.opcode.name, code),
      code,
      gas: step.gasLeft,
      cost: step.opcode.dynamicFee ?? BigInt(step.opcode.fee),
      depth: step.depth + 1,
      stack: step.stack,
      memory: step.memory,
      refund: step.gasRefund,
      address: step.address.bytes,
      returnData: frame?.returnData ?? EMPTY,
    }
    if (frame) frame.lastStep = out
    if (frame && code === 0xff && step.stack.length > 0) {
      const value = run.state.getAccount(hexFromBytes(out.address))?.balance ?? 0n
      frame.selfdestruct = { to: word(step.stack[step.stack.length - 1]!).subarray(12), value }
    }
    pending = CALL_OPS.has(out.op) ? out : undefined
    hooks.onOpcode?.(out)
    if (code >= 0xa0 && code <= 0xa4 && hooks.onLog) hooks.onLog(logOf(out, code - 0xa0, logIndex++))
  }

  function byteAt(frame: Frame, step: InterpreterStep): number {
    const { type, depth } = frame.enter
    const creating = type === 'CREATE' || type === 'CREATE2' || (depth === 0 && !run.tx.to)
    const account = creating ? undefined : run.state.getAccount(hexFromBytes(step.codeAddress.bytes))
    const code = creating ? frame.enter.input : account && run.state.getCode(account.codeHash)
    return code?.[step.pc] ?? 0xfe
  }

  function onBefore(message: Message) {
    const parent = frames[frames.length - 1]
    const by = message.depth === 0 ? undefined : pending
    pending = undefined
    const type: CallType = by ? (by.op as CallType) : message.to ? 'CALL' : 'CREATE'
    const shared = type === 'DELEGATECALL' || type === 'CALLCODE'
    const enter: FrameEnter = {
      depth: message.depth,
      type,
      // EthereumJS runs DELEGATECALL and CALLCODE as a message to the caller itself with foreign code.
      from: shared && message.to ? message.to.bytes : message.caller.bytes,
      to: shared ? codeAddressOf(message) : message.to?.bytes,
      // Copies: the EVM reuses these buffers (a create's init code is a view of the caller's memory).
      input: message.data.slice(),
      gas: message.gasLimit,
      value: type === 'STATICCALL' ? undefined : message.value,
    }
    if (parent) parent.returnData = EMPTY
    frames.push({ enter, returnData: EMPTY, firstLog: logIndex })
    hooks.onEnter?.(enter)
  }

  function onNewContract(created: { address: Address }) {
    const frame = frames[frames.length - 1]
    if (frame) frame.enter.to = created.address.bytes
  }

  function onAfter(result: EVMResult) {
    const frame = frames.pop()
    if (!frame) return
    const { exceptionError, executionGasUsed } = result.execResult
    // The frame ended right after a call that made no message; unless that call itself failed.
    if (pending && !exceptionError) refused(pending, frame)
    pending = undefined
    const returnValue = result.execResult.returnValue.slice()
    const reverted = exceptionError?.error === 'revert'
    const error = exceptionError && gethError(exceptionError.error, frame.lastStep?.op)
    if (exceptionError) {
      // The frame's logs are gone, and with them their places in the block's count.
      logIndex = frame.firstLog
      if (frame.lastStep && STEP_ERRORS.has(exceptionError.error)) hooks.onOpcodeError?.(error!)
    }
    if (frame.selfdestruct && !exceptionError) {
      const depth = frame.enter.depth + 1
      const { to, value } = frame.selfdestruct
      hooks.onEnter?.({
        depth,
        type: 'SELFDESTRUCT',
        from: frame.lastStep!.address,
        to,
        input: EMPTY,
        gas: 0n,
        value,
      })
      hooks.onExit?.({ depth, output: EMPTY, gasUsed: 0n, reverted: false })
    }
    const create = frame.enter.type === 'CREATE' || frame.enter.type === 'CREATE2'
    const parent = frames[frames.length - 1]
    if (parent)
      parent.returnData = (exceptionError && !reverted) || (create && !exceptionError) ? EMPTY : returnValue
    hooks.onExit?.({
      depth: frame.enter.depth,
      output: returnValue,
      gasUsed: executionGasUsed,
      error,
      reverted,
    })
  }

  events.on('step', onStep)
  events.on('beforeMessage', onBefore)
  events.on('newContract', onNewContract)
  events.on('afterMessage', onAfter)
  return () => {
    events.off('step', onStep)
    events.off('beforeMessage', onBefore)
    events.off('newContract', onNewContract)
    events.off('afterMessage', onAfter)
  }
}

function codeAddressOf(message: Message): Uint8Array | undefined {
  // `codeAddress` throws when neither it nor `to` is set.
  return message.to || message._codeAddress ? message.codeAddress.bytes : undefined
}

/** LOGn's log from its step: offset and size on top, then the topics; memory beyond its end reads as zero. */
function logOf(step: OpcodeStep, topicCount: number, index: number): TraceLog {
  const stack = step.stack
  const top = stack.length - 1
  const offset = Number(stack[top] ?? 0n)
  const size = Number(stack[top - 1] ?? 0n)
  const topics: Uint8Array[] = []
  for (let i = 0; i < topicCount; i++) topics.push(word(stack[top - 2 - i] ?? 0n))
  return { address: step.address, topics, data: memorySlice(step.memory, offset, size), index }
}

/** `size` bytes of `memory` from `offset`, zero beyond its end (as the EVM reads unexpanded memory). */
export function memorySlice(memory: Uint8Array, offset: number, size: number): Uint8Array {
  const out = new Uint8Array(size)
  if (offset < memory.length) out.set(memory.subarray(offset, Math.min(memory.length, offset + size)))
  return out
}

/** A stack value as a 32-byte word. */
export function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let v = value
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}
