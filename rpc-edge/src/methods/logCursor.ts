import { expected } from '../jsonrpc/index.ts'

/**
 * Where an `eth_getLogsWithCursor` page stopped: the last returned log's
 * mini-block and log index (within its EVM block, so it grows within a
 * mini-block). A position in the chain, not in a filter: the next page is the
 * filter's matches strictly after it. Wire form: `0x01` (version), the
 * mini-block number as 16 hex digits, the log index as 8.
 */
export type LogCursor = { miniBlock: bigint; logIndex: number }

const VERSION = '01'
const SHAPE = /^0x01([0-9a-f]{16})([0-9a-f]{8})$/

export function encodeLogCursor(cursor: LogCursor): string {
  const miniBlock = cursor.miniBlock.toString(16).padStart(16, '0')
  return `0x${VERSION}${miniBlock}${cursor.logIndex.toString(16).padStart(8, '0')}`
}

/** A shape error (→ -32602) for anything `encodeLogCursor` could not have produced. */
export function decodeLogCursor(value: unknown): LogCursor {
  const match = typeof value === 'string' ? SHAPE.exec(value) : null
  if (!match) return expected('cursor as returned by a previous eth_getLogsWithCursor', value)
  return { miniBlock: BigInt(`0x${match[1]}`), logIndex: Number.parseInt(match[2], 16) }
}
