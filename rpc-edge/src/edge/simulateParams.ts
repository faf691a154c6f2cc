import type { AccountOverride } from '@rtevm/protocol'
import { expected, object, type Param, parseQuantity } from '../jsonrpc/index.ts'
import { type BlockOverrides, blockOverrides, parseCallObject, stateOverrides } from './callRequest.ts'

/** One call of a simulated block: a call object plus the nonce it names, if any. */
export type SimulateCallInput = ReturnType<typeof parseCallObject> & { nonce?: bigint }

export type SimulateBlockInput = {
  /** The block overrides as eth_call's, plus whether `number` and `time` were given (they order the blocks). */
  overrides?: BlockOverrides
  number?: bigint
  time?: bigint
  stateOverride?: AccountOverride[]
  calls: SimulateCallInput[]
}

/** eth_simulateV1's first parameter (execution-apis `EthSimulatePayload`). */
export type SimulatePayload = {
  blocks: SimulateBlockInput[]
  traceTransfers: boolean
  validation: boolean
  returnFullTransactions: boolean
}

const BLOCK_OVERRIDES = blockOverrides('blockOverrides')
const STATE_OVERRIDES = stateOverrides('stateOverrides')
/** Applied to the parsed overrides, it tells a given `number`/`time` from an absent one (absent keeps -1). */
const UNSET = {
  number: -1n,
  timestamp: -1n,
  baseFeePerGas: 0n,
  gasLimit: 0n,
  coinbase: new Uint8Array(20),
  prevRandao: new Uint8Array(32),
}

function flag(o: Record<string, unknown>, name: string): boolean {
  const value = o[name]
  if (value === undefined || value === null) return false
  return typeof value === 'boolean' ? value : expected(`${name} as a boolean`, value)
}

function parseCall(value: unknown): SimulateCallInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return expected('a call object', value)
  const o = value as Record<string, unknown>
  const call: SimulateCallInput = parseCallObject(o)
  if (o.nonce !== undefined && o.nonce !== null) call.nonce = parseQuantity(o.nonce, 64, 'nonce')
  return call
}

function parseBlock(value: unknown): SimulateBlockInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return expected('a blockStateCalls entry object', value)
  const o = value as Record<string, unknown>
  const calls = o.calls ?? []
  if (!Array.isArray(calls)) return expected('calls as an array', calls)
  const block: SimulateBlockInput = { calls: calls.map(parseCall) }
  if (o.stateOverrides != null) {
    const raw = o.stateOverrides as Record<string, Record<string, unknown> | null>
    // geth's precompile moves are not supported: refused rather than silently ignored.
    if (typeof raw === 'object' && Object.values(raw).some((v) => v?.movePrecompileToAddress != null))
      return expected('state overrides without movePrecompileToAddress (not supported)', raw)
    block.stateOverride = STATE_OVERRIDES.parse(raw)
  }
  if (o.blockOverrides != null) {
    const overrides = BLOCK_OVERRIDES.parse(o.blockOverrides)
    const probe = overrides(UNSET)
    block.overrides = overrides
    if (probe.number !== UNSET.number) block.number = probe.number
    if (probe.timestamp !== UNSET.timestamp) block.time = probe.timestamp
  }
  return block
}

/** The payload: `blockStateCalls` (required, possibly empty) and the three flags, default false. */
export function simulatePayload(name = 'payload'): Param<SimulatePayload> {
  return object(name, (o) => {
    const blocks = o.blockStateCalls
    if (!Array.isArray(blocks)) return expected('blockStateCalls as an array', blocks)
    return {
      blocks: blocks.map(parseBlock),
      traceTransfers: flag(o, 'traceTransfers'),
      validation: flag(o, 'validation'),
      returnFullTransactions: flag(o, 'returnFullTransactions'),
    }
  })
}
