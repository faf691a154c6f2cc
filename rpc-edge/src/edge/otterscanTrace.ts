/** One frame of geth's callTracer output, as `createCallTracer` formats it (the fields read here). */
export type CallFrameJson = {
  type: string
  from: `0x${string}`
  /** Absent for a create that failed: it has no address. */
  to?: `0x${string}`
  value?: `0x${string}`
  input: `0x${string}`
  output?: `0x${string}`
  calls?: CallFrameJson[]
}

/** Otterscan's `ots_traceTransaction` entry: call frames flattened in call order, `depth` from 0. */
export type OtsTraceEntry = {
  type: string
  depth: number
  from: `0x${string}`
  to: `0x${string}`
  /** `null` where the frame moves no value of its own (STATICCALL, DELEGATECALL), as Erigon reports it. */
  value: `0x${string}` | null
  input: `0x${string}`
  /** `null` for SELFDESTRUCT, which has none. */
  output: `0x${string}` | null
}

/** Otterscan's operation types for `ots_getInternalOperations`. */
export const OperationType = { transfer: 0, selfDestruct: 1, create: 2, create2: 3 } as const

export type OtsInternalOperation = {
  type: (typeof OperationType)[keyof typeof OperationType]
  from: `0x${string}`
  to: `0x${string}`
  value: `0x${string}`
}

/**
 * A failed create has no address (callTracer leaves `to` out); Otterscan
 * reads `to` as an address for every entry, so the zero address stands in.
 */
const NO_ADDRESS = `0x${'00'.repeat(20)}` as const

const NO_OWN_VALUE: ReadonlySet<string> = new Set(['STATICCALL', 'DELEGATECALL'])

/** Flattens a callTracer tree depth-first (pre-order), the order Otterscan rebuilds its tree from. */
export function otsTraceEntries(top: CallFrameJson): OtsTraceEntry[] {
  const entries: OtsTraceEntry[] = []
  const visit = (frame: CallFrameJson, depth: number) => {
    const selfDestruct = frame.type === 'SELFDESTRUCT'
    entries.push({
      type: frame.type,
      depth,
      from: frame.from,
      to: frame.to ?? NO_ADDRESS,
      value: NO_OWN_VALUE.has(frame.type) ? null : (frame.value ?? '0x0'),
      input: frame.input,
      output: selfDestruct ? null : (frame.output ?? '0x'),
    })
    for (const call of frame.calls ?? []) visit(call, depth + 1)
  }
  visit(top, 0)
  return entries
}

/**
 * The transaction's internal operations, as Erigon's operations tracer
 * finds them: below the top frame, CALLs moving value, CREATE and CREATE2
 * (with any value), and SELFDESTRUCTs, in call order, including those inside
 * frames that later reverted. anvil also lists the top frame itself when it
 * moves value or creates; Erigon, whose API this is, does not.
 */
export function otsInternalOperations(top: CallFrameJson): OtsInternalOperation[] {
  const operations: OtsInternalOperation[] = []
  const visit = (frame: CallFrameJson) => {
    const type = operationTypeOf(frame)
    if (type !== undefined) {
      operations.push({ type, from: frame.from, to: frame.to ?? NO_ADDRESS, value: frame.value ?? '0x0' })
    }
    for (const call of frame.calls ?? []) visit(call)
  }
  for (const call of top.calls ?? []) visit(call)
  return operations
}

function operationTypeOf(frame: CallFrameJson): OtsInternalOperation['type'] | undefined {
  switch (frame.type) {
    case 'CALL':
      return frame.value !== undefined && frame.value !== '0x0' ? OperationType.transfer : undefined
    case 'CREATE':
      return OperationType.create
    case 'CREATE2':
      return OperationType.create2
    case 'SELFDESTRUCT':
      return OperationType.selfDestruct
    default:
      return undefined
  }
}
