import type {
  AccessListEntry,
  AccountOverride,
  Authorization,
  BlockContext,
  CallRequest,
} from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import { expected, object, type Param, parseQuantity } from '../jsonrpc/index.ts'

const HEX_DATA = /^0x([0-9a-fA-F]{2})*$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH32 = /^0x[0-9a-fA-F]{64}$/

/** A quantity field: uint64 for gas, nonces, block numbers and times, uint256 for values and prices. */
function quantityField(o: Record<string, unknown>, field: string, bits: 64 | 256 = 256): bigint | undefined {
  const value = o[field]
  if (value === undefined || value === null) return undefined
  return parseQuantity(value, bits, field)
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

/** EIP-7702 authorizations as viem and geth send them: chainId, address, nonce, yParity, r, s. */
function authorizationListField(o: Record<string, unknown>): Authorization[] | undefined {
  const value = o.authorizationList
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) return expected('authorizationList as an array', value)
  return value.map((entry) => {
    if (typeof entry !== 'object' || entry === null) return expected('an authorization object', entry)
    const a = entry as Record<string, unknown>
    // viem names the parity `yParity`; older clients send `v`.
    const parity = quantityField(a, 'yParity', 64) ?? quantityField(a, 'v', 64)
    if (parity === undefined || parity > 1n)
      return expected('an authorization yParity of 0x0 or 0x1', a.yParity)
    return {
      chainId: quantityField(a, 'chainId') ?? expected('an authorization chainId', a.chainId),
      address: bytesField(a, 'address', ADDRESS) ?? expected('an authorization address', a.address),
      nonce: quantityField(a, 'nonce', 64) ?? expected('an authorization nonce', a.nonce),
      yParity: Number(parity),
      r: quantityField(a, 'r') ?? expected('an authorization r', a.r),
      s: quantityField(a, 's') ?? expected('an authorization s', a.s),
    }
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
  // Not read here (a call runs at the sender's current nonce and the edge's chain id), but a
  // malformed one is still a client bug, refused as geth refuses it.
  quantityField(o, 'nonce', 64)
  quantityField(o, 'chainId')
  quantityField(o, 'maxFeePerBlobGas')
  const blobs = o.blobVersionedHashes
  if (
    blobs != null &&
    (!Array.isArray(blobs) || !blobs.every((h) => typeof h === 'string' && HASH32.test(h)))
  ) {
    return expected('blobVersionedHashes as an array of 32-byte hashes', blobs)
  }
  const gasPrice = quantityField(o, 'gasPrice')
  const maxFeePerGas = quantityField(o, 'maxFeePerGas')
  const maxPriorityFeePerGas = quantityField(o, 'maxPriorityFeePerGas')
  // Conflicting fee fields, refused as geth refuses them rather than one silently winning.
  if (gasPrice !== undefined && (maxFeePerGas !== undefined || maxPriorityFeePerGas !== undefined)) {
    return expected('gasPrice or maxFeePerGas/maxPriorityFeePerGas, not both', o.gasPrice)
  }
  if (
    maxFeePerGas !== undefined &&
    maxPriorityFeePerGas !== undefined &&
    maxPriorityFeePerGas > maxFeePerGas
  ) {
    return expected('maxPriorityFeePerGas at most maxFeePerGas', o.maxPriorityFeePerGas)
  }
  return {
    from: bytesField(o, 'from', ADDRESS),
    to: bytesField(o, 'to', ADDRESS),
    data: input ?? data,
    value: quantityField(o, 'value'),
    gas: quantityField(o, 'gas', 64),
    gasPrice,
    maxFeePerGas,
    maxPriorityFeePerGas,
    accessList: accessListField(o),
    authorizationList: authorizationListField(o),
  }
}

/** A call object parameter. */
export function callObject(name = 'transaction'): Param<CallRequest> {
  return object(name, parseCallObject)
}

/** eth_signTransaction's object: a call object plus the `nonce` to sign with, if the caller chose one. */
export function signableObject(name = 'transaction'): Param<{ request: CallRequest; nonce?: bigint }> {
  return object(name, (o) => ({ request: parseCallObject(o), nonce: quantityField(o, 'nonce', 64) }))
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
        nonce: quantityField(v, 'nonce', 64),
        code: bytesField(v, 'code'),
        state: v.state == null ? undefined : storageMap(v.state, 'state'),
        stateDiff: v.stateDiff == null ? undefined : storageMap(v.stateDiff, 'stateDiff'),
      }
    }),
  )
}

/** A field clients send under either of two names: both are checked, and both given is refused, not one silently won. */
function aliased<T>(
  o: Record<string, unknown>,
  name: string,
  alias: string,
  read: (field: string) => T | undefined,
) {
  const first = read(name)
  const second = read(alias)
  if (first !== undefined && second !== undefined) return expected(`${name} or ${alias}, not both`, o[alias])
  return first ?? second
}

/** geth's block overrides, the simple fields: number, time, gasLimit, feeRecipient/coinbase, baseFee, prevRandao. */
export type BlockOverrides = (context: BlockContext) => BlockContext

export function blockOverrides(name = 'block overrides'): Param<BlockOverrides> {
  return object(name, (o) => {
    const number = quantityField(o, 'number', 64)
    const time = quantityField(o, 'time', 64)
    const gasLimit = quantityField(o, 'gasLimit', 64)
    const baseFee = aliased(o, 'baseFee', 'baseFeePerGas', (f) => quantityField(o, f))
    const coinbase = aliased(o, 'feeRecipient', 'coinbase', (f) => bytesField(o, f, ADDRESS))
    const prevRandao = aliased(o, 'prevRandao', 'random', (f) => bytesField(o, f, HASH32))
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
