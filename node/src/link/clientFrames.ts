import { ErrorCode } from '@rtevm/protocol'
import type WebSocket from 'ws'

// What the link client reads off the server's frames, apart from the decoding itself.

// Codes whose condition may clear by itself; the wire carries only code and message.
export const RETRYABLE = new Set<string>([
  ErrorCode.MempoolFull,
  ErrorCode.SenderQueueFull,
  ErrorCode.TransactionEvicted,
  ErrorCode.Timeout,
  ErrorCode.ShuttingDown,
  ErrorCode.LinkClosed,
])
// Reconnecting with the same cursor, key or roles cannot help: the client stops.
export const FATAL = new Set<string>([
  ErrorCode.CursorPruned,
  ErrorCode.CursorAhead,
  ErrorCode.Unauthorized,
  ErrorCode.Forbidden,
])

/** A binary frame as bytes, however `ws` delivered it. */
export function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

/** The seq of a compact stream event (`[version] kind varint:seq …`), without decoding the rest. */
export function peekCompactSeq(bytes: Uint8Array): bigint | undefined {
  let seq = 0n
  let shift = 0n
  for (let i = 2; i < bytes.length && i < 12; i++) {
    seq |= BigInt(bytes[i] & 0x7f) << shift
    if ((bytes[i] & 0x80) === 0) return seq
    shift += 7n
  }
  return undefined
}
