import { RtevmError } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import { JsonRpcCode, jsonRpcCodes } from './jsonRpcCodes.ts'

/** The `error` member of a JSON-RPC 2.0 response. */
export type JsonRpcErrorObject = { code: number; message: string; data?: unknown }

/**
 * Maps anything a handler threw to a JSON-RPC error object. An `RtevmError`
 * keeps its short message and `data`; anything else is an internal error whose
 * message is not echoed, since it may leak internals (it goes to `onInternal`).
 */
export function toJsonRpcError(error: unknown, onInternal?: (error: unknown) => void): JsonRpcErrorObject {
  if (error instanceof RtevmError) {
    const code = jsonRpcCodes[error.code]
    if (code === undefined) onInternal?.(error)
    const object: JsonRpcErrorObject = { code: code ?? JsonRpcCode.Internal, message: error.shortMessage }
    const data = toJsonData(error.data)
    if (data !== undefined) object.data = data
    return object
  }
  onInternal?.(error)
  return { code: JsonRpcCode.Internal, message: 'internal error' }
}

/** `data` must survive JSON.stringify: bytes become hex, bigints hex quantities. */
function toJsonData(data: unknown): unknown {
  if (data === undefined) return undefined
  if (data instanceof Uint8Array) return bytesToHex(data)
  if (typeof data === 'bigint') return `0x${data.toString(16)}`
  return data
}
