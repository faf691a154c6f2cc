import type { TracerSpec } from '@rtevm/protocol'
import { attachHooks, type FrameEnter, type TraceLog } from './attachHooks.ts'
import { revertReason } from './gethErrors.ts'
import { dataHex, quantityHex } from './hex.ts'
import type { TxTracer } from './TxTracer.ts'

type CallConfig = Omit<Extract<TracerSpec, { kind: 'call' }>, 'kind'>

type CallFrame = {
  enter: FrameEnter
  gasUsed: bigint
  output?: Uint8Array
  error?: string
  revertReason?: string
  calls: CallFrame[]
  logs: (TraceLog & { position: number })[]
}

/**
 * geth's callTracer (eth/tracers/native/call.go): the tree of call frames,
 * with `withLog` the logs each frame emitted (dropped for frames that
 * failed, or whose parent did) and with `onlyTopCall` the top frame alone.
 * The top frame reports the transaction's gas limit and its receipt's gas.
 */
export function createCallTracer(config: CallConfig): TxTracer {
  const stack: CallFrame[] = []
  let top: CallFrame | undefined
  let gasLimit = 0n
  // The running frame's depth, which onlyTopCall needs even for the frames it does not keep.
  let depth = 0

  return {
    start(run) {
      gasLimit = run.tx.gasLimit
      return attachHooks(run, {
        onEnter(enter) {
          depth = enter.depth
          if (config.onlyTopCall && enter.depth > 0) return
          stack.push({ enter, gasUsed: 0n, calls: [], logs: [] })
        },
        onExit(exit) {
          depth = exit.depth - 1
          if (config.onlyTopCall && exit.depth > 0) return
          const frame = stack.pop()
          if (!frame) return
          frame.gasUsed = exit.gasUsed
          if (exit.error === undefined) frame.output = exit.output
          else {
            frame.error = exit.error
            if (exit.reverted && exit.output.length > 0) {
              frame.output = exit.output
              frame.revertReason = revertReason(exit.output)
            }
          }
          const parent = stack[stack.length - 1]
          if (parent) parent.calls.push(frame)
          else top = frame
        },
        onLog(log) {
          const frame = stack[stack.length - 1]
          if (!config.withLog || !frame || (config.onlyTopCall && depth > 0)) return
          frame.logs.push({ ...log, position: frame.calls.length })
        },
      })
    },
    result(outcome) {
      if (!top) return null
      top.gasUsed = outcome.totalGasSpent
      return format(top, gasLimit, Boolean(config.withLog), false)
    },
  }
}

/** geth's callFrame JSON, in its field order; a failed frame's logs (and its children's) are left out. */
function format(
  frame: CallFrame,
  gas: bigint,
  withLog: boolean,
  parentFailed: boolean,
): Record<string, unknown> {
  const { enter } = frame
  const failed = parentFailed || frame.error !== undefined
  const create = enter.type === 'CREATE' || enter.type === 'CREATE2'
  const out: Record<string, unknown> = {
    from: dataHex(enter.from),
    gas: quantityHex(gas),
    gasUsed: quantityHex(frame.gasUsed),
  }
  // A failed create has no address to show, as in geth.
  if (enter.to && !(create && frame.error !== undefined)) out.to = dataHex(enter.to)
  out.input = dataHex(enter.input)
  if (frame.output && frame.output.length > 0) out.output = dataHex(frame.output)
  if (frame.error !== undefined) out.error = frame.error
  if (frame.revertReason) out.revertReason = frame.revertReason
  if (frame.calls.length > 0) {
    out.calls = frame.calls.map((call) => format(call, call.enter.gas, withLog, failed))
  }
  if (withLog && !failed && frame.logs.length > 0) {
    out.logs = frame.logs.map((log) => ({
      address: dataHex(log.address),
      topics: log.topics.map(dataHex),
      data: dataHex(log.data),
      index: quantityHex(log.index),
      position: quantityHex(log.position),
    }))
  }
  if (enter.value !== undefined) out.value = quantityHex(enter.value)
  out.type = enter.type
  return out
}
