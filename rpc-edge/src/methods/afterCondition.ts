import { hexToBytes } from 'viem'
import { expected, type Param, parseQuantity } from '../jsonrpc/index.ts'

/**
 * What `eth_callAfter` waits for on this edge's replica:
 * - a transaction hash (`"0x…"`, 32 bytes): the transaction is in a mini-block the replica applied;
 * - `{ "miniBlock": "0x…" }`: the replica applied that mini-block;
 * - `{ "blockNumber": "0x…" }`: the replica applied that sealed EVM block.
 */
export type AfterCondition =
  | { kind: 'transaction'; hash: Uint8Array; hex: `0x${string}` }
  | { kind: 'miniBlock'; number: bigint }
  | { kind: 'block'; number: bigint }

const HASH32 = /^0x[0-9a-fA-F]{64}$/
const SHAPE = 'a transaction hash, { miniBlock: quantity } or { blockNumber: quantity }'

function parse(value: unknown): AfterCondition {
  if (typeof value === 'string' && HASH32.test(value)) {
    const hex = value.toLowerCase() as `0x${string}`
    return { kind: 'transaction', hash: hexToBytes(hex), hex }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected(SHAPE, value)
  const keys = Object.keys(value)
  const field = keys[0]
  const number = (value as Record<string, unknown>)[field]
  if (keys.length !== 1 || (field !== 'miniBlock' && field !== 'blockNumber')) return expected(SHAPE, value)
  return { kind: field === 'miniBlock' ? 'miniBlock' : 'block', number: parseQuantity(number, 64, field) }
}

export function afterCondition(name = 'after'): Param<AfterCondition> {
  return { name, optional: false, parse }
}

/** The condition as the client wrote it, for the `data` of a timeout. */
export function describeCondition(condition: AfterCondition): unknown {
  if (condition.kind === 'transaction') return condition.hex
  const number = `0x${condition.number.toString(16)}`
  return condition.kind === 'miniBlock' ? { miniBlock: number } : { blockNumber: number }
}
