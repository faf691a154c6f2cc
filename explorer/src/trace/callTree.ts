import type { AbiRegistry } from '../abi/createAbiRegistry.ts'
import { readTraceJson } from './readTraceJson.ts'

/** A log a frame emitted, named by its event when a known ABI decodes it. */
export type FrameLog = { address: string; eventName: string | null }

/** One frame of geth's callTracer output, ready to render. */
export type CallNode = {
  /** The frame's path from the top ('0', '0.1', '0.1.0'): stable keys and test ids. */
  id: string
  depth: number
  /** CALL, STATICCALL, DELEGATECALL, CALLCODE, CREATE, CREATE2 or SELFDESTRUCT. */
  type: string
  from: string
  /** The callee, or the created contract; null for a creation that failed before it had an address. */
  to: string | null
  value: bigint
  gasUsed: bigint
  /** The first four bytes of the calldata; null for creations (their input is init code) and empty calldata. */
  selector: string | null
  /** The selector's function, when a known ABI has it. */
  method: { functionName: string; abiName: string } | null
  /** geth's error ('execution reverted', 'out of gas', …), null when the frame succeeded. */
  error: string | null
  /** The decoded `Error(string)` or `Panic(uint256)` message of a revert, when there is one. */
  revertReason: string | null
  logs: FrameLog[]
  calls: CallNode[]
}

/** What the call tree decodes with: the page's ABI registry. */
export type FrameDecoder = Pick<AbiRegistry, 'decodeInput' | 'decodeLog'>

const read = readTraceJson('callTracer')

function isCreation(type: string): boolean {
  return type === 'CREATE' || type === 'CREATE2'
}

function toLog(raw: unknown, where: string, decoder: FrameDecoder): FrameLog {
  const log = read.record(raw, where)
  const address = read.string(log.address, `${where}.address`) ?? ''
  const topics = read
    .list(log.topics, `${where}.topics`)
    .map((t, i) => read.string(t, `${where}.topics[${i}]`) ?? '')
  const data = read.string(log.data, `${where}.data`) ?? '0x'
  return { address, eventName: decoder.decodeLog(address, topics, data)?.eventName ?? null }
}

function toNode(raw: unknown, id: string, depth: number, decoder: FrameDecoder): CallNode {
  const where = `frame ${id}`
  const frame = read.record(raw, where)
  const type = read.string(frame.type, `${where}.type`) ?? 'CALL'
  const from = read.string(frame.from, `${where}.from`) ?? ''
  const to = read.string(frame.to, `${where}.to`)
  const input = read.string(frame.input, `${where}.input`) ?? '0x'
  const calls = read.list(frame.calls, `${where}.calls`)
  const logs = read.list(frame.logs, `${where}.logs`)
  const selector = !isCreation(type) && input.length >= 10 ? input.slice(0, 10).toLowerCase() : null
  const decoded = selector ? decoder.decodeInput(to, input) : null
  return {
    id,
    depth,
    type,
    from,
    to,
    value: read.quantity(frame.value, `${where}.value`) ?? 0n,
    gasUsed: read.quantity(frame.gasUsed, `${where}.gasUsed`) ?? 0n,
    selector,
    method: decoded ? { functionName: decoded.functionName, abiName: decoded.abiName } : null,
    error: read.string(frame.error, `${where}.error`),
    revertReason: read.string(frame.revertReason, `${where}.revertReason`),
    logs: logs.map((log, i) => toLog(log, `${where}.logs[${i}]`, decoder)),
    calls: calls.map((child, i) => toNode(child, `${id}.${i}`, depth + 1, decoder)),
  }
}

/**
 * Turns `debug_traceTransaction(hash, {tracer: 'callTracer', tracerConfig: {withLog: true}})` into
 * the tree the transaction page draws: quantities as bigints, selectors and logs decoded with the
 * page's ABIs. Throws a TraceShapeError when the result is not a call frame.
 */
export function toCallTree(raw: unknown, decoder: FrameDecoder): CallNode {
  return toNode(raw, '0', 0, decoder)
}

/** The frames in depth-first order (each before its children), for counting and finding frames. */
export function flattenCallTree(root: CallNode): CallNode[] {
  return [root, ...root.calls.flatMap(flattenCallTree)]
}
