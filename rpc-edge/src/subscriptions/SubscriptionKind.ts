import { InvalidParamsError } from '../errors/index.ts'
import { ParamShapeError } from '../jsonrpc/index.ts'
import { parseLogFilter } from '../methods/index.ts'

/**
 * A kind of `eth_subscribe` stream. `parse` turns the client's optional params
 * into a channel key and a filter: subscriptions with equal keys share one
 * serialized payload per event, so the key must be canonical (same filter →
 * same key).
 */
export type SubscriptionKind = {
  parse(params: unknown): { key: string; filter: unknown }
}

/** Name → kind. Producers look their channels up by these names. */
export type SubscriptionKinds = Record<string, SubscriptionKind>

/** A kind whose subscribers all receive the same stream and which takes no params. */
export function unfilteredKind(name: string): SubscriptionKind {
  return {
    parse(params) {
      if (params !== undefined && params !== null) {
        throw new InvalidParamsError(`the ${name} subscription takes no parameters`)
      }
      return { key: '', filter: undefined }
    },
  }
}

/** Filter of a `logs` subscription, as given by the client (hex strings; normalized to lower case). */
export type LogsFilter = {
  address?: string | string[]
  topics?: (string | string[] | null)[]
  fromBlock?: string
  toBlock?: string
}

/**
 * The `logs` kind: the key is the normalized filter, so clients watching the
 * same contract events share one payload. Shape checks here; matching belongs
 * to the producer.
 */
export const logsKind: SubscriptionKind = {
  parse(params) {
    if (params === undefined || params === null) return { key: '{}', filter: {} }
    if (typeof params !== 'object' || Array.isArray(params)) {
      throw new InvalidParamsError('logs subscription params must be a filter object')
    }
    const p = params as Record<string, unknown>
    // A live stream cannot be pinned to one block; its bounds only choose per mini-block ("pending") delivery.
    if (p.blockHash !== undefined && p.blockHash !== null) {
      throw new InvalidParamsError('a logs subscription takes no blockHash')
    }
    // The shape checks of eth_getLogs and eth_newFilter, so a filter means the same everywhere.
    try {
      parseLogFilter(p)
    } catch (error) {
      if (error instanceof ParamShapeError) throw new InvalidParamsError(error.message)
      throw error
    }
    const filter: LogsFilter = {}
    if (p.address !== undefined && p.address !== null) filter.address = lowerCase(p.address)
    if (Array.isArray(p.topics)) filter.topics = p.topics.map((t) => (t === null ? null : lowerCase(t)))
    for (const key of ['fromBlock', 'toBlock'] as const) {
      if (typeof p[key] === 'string') filter[key] = p[key] as string
    }
    return { key: JSON.stringify(filter), filter }
  },
}

/** Checked hex (one value or a flat list), lower-cased so equal filters share a channel. */
function lowerCase(value: unknown): string | string[] {
  return Array.isArray(value)
    ? value.map((v) => (v as string).toLowerCase())
    : (value as string).toLowerCase()
}

/** How much of each mini-block a `miniBlocks` subscriber receives. */
export type MiniBlockDetail = 'receipts' | 'hashes' | 'header'
const MINI_BLOCK_DETAILS: readonly MiniBlockDetail[] = ['receipts', 'hashes', 'header']

/**
 * `miniBlocks`, with an optional `{ "detail": "receipts" | "hashes" | "header" }`
 * (default `receipts`: hashes plus a receipt summary per transaction). A
 * lighter detail is what makes very wide fan-out affordable: the edge sends
 * every notification to every subscriber.
 */
export const miniBlocksKind: SubscriptionKind = {
  parse(params) {
    if (params === undefined || params === null) return { key: 'receipts', filter: 'receipts' }
    const detail =
      typeof params === 'object' && !Array.isArray(params)
        ? (params as { detail?: unknown }).detail
        : undefined
    if (typeof detail !== 'string' || !MINI_BLOCK_DETAILS.includes(detail as MiniBlockDetail)) {
      throw new InvalidParamsError('miniBlocks takes { "detail": "receipts" | "hashes" | "header" }')
    }
    // Refused, not ignored: a client asking to resume (fromMiniBlock) must not get a live stream with a silent gap.
    const other = Object.keys(params as object).find((key) => key !== 'detail')
    if (other !== undefined) {
      throw new InvalidParamsError(
        `miniBlocks takes only "detail", not ${JSON.stringify(other.slice(0, 48))}`,
      )
    }
    return { key: detail, filter: detail }
  },
}

/** The kinds DESIGN.md promises; producers for each are plugged in by the chain layer. */
export const defaultSubscriptionKinds: SubscriptionKinds = {
  newHeads: unfilteredKind('newHeads'),
  logs: logsKind,
  newPendingTransactions: unfilteredKind('newPendingTransactions'),
  miniBlocks: miniBlocksKind,
  stateChanges: unfilteredKind('stateChanges'),
}
