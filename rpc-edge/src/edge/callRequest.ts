import type { AccessListEntry, AccountOverride, BlockContext, CallRequest } from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import { expected, object, type Param } from '../jsonrpc/index.ts'

const QUANTITY = /^0x(0|[1-9a-fA-F][0-9a-fA-F]{0,63})$/
const HEX_DATA = /^0x([0-9a-fA-F]{2})*$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH32 = /^0x[0-9a-fA-F]{64}$/

function quantityField(o: Record<string, unknown>, field: string): bigint | undefined {
  const value = o[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !QUANTITY.test(value)) return expected(`${field} as a hex quantity`, value)
  return BigInt(value)
}

function bytesField(o: Record<string, unknown>, field: string, shape = HEX_DATA): Uint8Array | undefined {
  const value = o[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !shape.test(value)) return expected(`${field} as hex bytes`, value)
  return hexToBytes(value as `0x${string}`)
}

function accessListField(o: Record<string, unknown>): AccessListEntry[] | undefined {
  const value = o.accessList
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) return expected('accessList as an array', value)
  return value.map((entry) => {
    if (typeof entry !== 'object' || entry === null) return expected('an access-list entry object', entry)
    const e = entry as Record<string, unknown>
    const address = bytesField(e, 'address', ADDRESS) ?? expected('an access-list address', e.address)
    const keys = e.storageKeys ?? []
    if (!Array.isArray(keys)) return expected('storageKeys as an array', keys)
    const storageKeys = keys.map((key) =>
      typeof key === 'string' && HASH32.test(key)
        ? hexToBytes(key as `0x${string}`)
        : expected('a 32-byte storage key', key),
    )
    return { address, storageKeys }
  })
}

/** Transaction types a call object may name: legacy, access list, EIP-1559, blob, set-code. */
const MAX_CALL_TYPE = 4n

/**
 * The transaction object of eth_call / eth_estimateGas / eth_createAccessList / eth_sendTransaction.
 * Refused, as geth refuses them: `input` and `data` both given and different, and a `type` that
 * is not a hex quantity of a known transaction type (it is otherwise read from the fields given).
 */
export function parseCallObject(o: Record<string, unknown>): CallRequest {
  const input = bytesField(o, 'input')
  const data = bytesField(o, 'data')
  if (input && data && Buffer.compare(input, data) !== 0) {
    return expected('"input" and "data" to be equal when both are given (use "input")', o.data)
  }
  const type = quantityField(o, 'type')
  if (type !== undefined && type > MAX_CALL_TYPE) return expected('type as one of 0x0 … 0x4', o.type)
  return {
    from: bytesField(o, 'from', ADDRESS),
    to: bytesField(o, 'to', ADDRESS),
    data: input ?? data,
    value: quantityField(o, 'value'),
    gas: quantityField(o, 'gas'),
    gasPrice: quantityField(o, 'gasPrice'),
    maxFeePerGas: quantityField(o, 'maxFeePerGas'),
    maxPriorityFeePerGas: quantityField(o, 'maxPriorityFeePerGas'),
    accessList: accessListField(o),
  }
}

/** A call object parameter. */
export function callObject(name = 'transaction'): Param<CallRequest> {
  return object(name, parseCallObject)
}

function storageMap(value: unknown, field: string): { slot: Uint8Array; value: bigint }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return expected(`${field} as an object of slot → value`, value)
  return Object.entries(value as Record<string, unknown>).map(([slot, v]) => {
    if (!HASH32.test(slot)) return expected(`${field} keys as 32-byte slots`, slot)
    if (typeof v !== 'string' || !HASH32.test(v)) return expected(`${field} values as 32-byte words`, v)
    return { slot: hexToBytes(slot as `0x${string}`), value: BigInt(v) }
  })
}

/** geth's state override set: address → {balance, nonce, code, state | stateDiff}. */
export function stateOverrides(name = 'state overrides'): Param<AccountOverride[]> {
  return object(name, (o) =>
    Object.entries(o).map(([address, value]) => {
      if (!ADDRESS.test(address)) return expected('state override keys as addresses', address)
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return expected('a state override object', value)
      const v = value as Record<string, unknown>
      if (v.state != null && v.stateDiff != null) return expected('state or stateDiff, not both', value)
      return {
        address: hexToBytes(address as `0x${string}`),
        balance: quantityField(v, 'balance'),
        nonce: quantityField(v, 'nonce'),
        code: bytesField(v, 'code'),
        state: v.state == null ? undefined : storageMap(v.state, 'state'),
        stateDiff: v.stateDiff == null ? undefined : storageMap(v.stateDiff, 'stateDiff'),
      }
    }),
  )
}

/** geth's block overrides, the simple fields: number, time, gasLimit, feeRecipient/coinbase, baseFee, prevRandao. */
export type BlockOverrides = (context: BlockContext) => BlockContext

export function blockOverrides(name = 'block overrides'): Param<BlockOverrides> {
  return object(name, (o) => {
    const number = quantityField(o, 'number')
    const time = quantityField(o, 'time')
    const gasLimit = quantityField(o, 'gasLimit')
    const baseFee = quantityField(o, 'baseFee') ?? quantityField(o, 'baseFeePerGas')
    const coinbase = bytesField(o, 'feeRecipient', ADDRESS) ?? bytesField(o, 'coinbase', ADDRESS)
    const prevRandao = bytesField(o, 'prevRandao', HASH32) ?? bytesField(o, 'random', HASH32)
    return (context) => ({
      number: number ?? context.number,
      timestamp: time ?? context.timestamp,
      gasLimit: gasLimit ?? context.gasLimit,
      baseFeePerGas: baseFee ?? context.baseFeePerGas,
      coinbase: coinbase ?? context.coinbase,
      prevRandao: prevRandao ?? context.prevRandao,
    })
  })
}
