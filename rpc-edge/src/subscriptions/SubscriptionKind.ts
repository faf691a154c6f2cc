import { InvalidParamsError } from '../errors/index.ts'

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
    const filter: LogsFilter = {}
    if (p.address !== undefined && p.address !== null)
      filter.address = oneOrList(p.address, ADDRESS, 'address')
    if (p.topics !== undefined && p.topics !== null) {
      if (!Array.isArray(p.topics) || p.topics.length > 4) {
        throw new InvalidParamsError('topics must be an array of at most 4 entries')
      }
      filter.topics = p.topics.map((t) => (t === null ? null : oneOrList(t, TOPIC, 'topic')))
    }
    for (const field of ['fromBlock', 'toBlock'] as const) {
      if (typeof p[field] === 'string') filter[field] = p[field] as string
    }
    return { key: JSON.stringify(filter), filter }
  },
}

const ADDRESS = { pattern: /^0x[0-9a-fA-F]{40}$/, shape: 'a 20-byte hex address' }
const TOPIC = { pattern: /^0x[0-9a-fA-F]{64}$/, shape: 'a 32-byte hex topic' }

/** One value of `shape`, or a flat array of them; lower-cased. Nested arrays and other lengths are refused. */
function oneOrList(value: unknown, expected: typeof ADDRESS, what: string): string | string[] {
  const one = (v: unknown) => {
    if (typeof v === 'string' && expected.pattern.test(v)) return v.toLowerCase()
    throw new InvalidParamsError(`${what} must be ${expected.shape} or an array of them`)
  }
  return Array.isArray(value) ? value.map(one) : one(value)
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
