import { InvalidParamsError } from '../errors/index.ts'
import { ParamShapeError } from '../jsonrpc/index.ts'
import { parseLogFilter } from '../methods/index.ts'
import { onlyKeys, optionsObject, RESUME_OPTION, resumeOption } from './resumeOption.ts'

/**
 * A kind of `eth_subscribe` stream. `parse` turns the client's optional params
 * into a channel key and a filter: subscriptions with equal keys share one
 * serialized payload per event, so the key must be canonical (same filter →
 * same key). `fromMiniBlock`, when the client asked to resume, is kept apart:
 * it is per subscription, not per channel.
 */
export type SubscriptionKind = {
  parse(params: unknown): ParsedSubscription
  /**
   * Each result names its own mini-block, so several can go in one coalesced frame: to a subscriber
   * that asked (`coalesceMs`), and to one that fell behind (see createSubscriptionRegistry).
   */
  coalescible?: boolean
  /**
   * Whether a channel with this filter may have its results gathered while the edge itself is
   * behind the stream: every result of one event-loop turn in one coalesced frame per subscriber
   * (see the registry's `gatherThisTurn`). Only for `coalescible` kinds.
   */
  gatherable?: (filter: unknown) => boolean
}

/** `coalesceMs`: deliver at most every that many ms, coalesced; it joins the channel key, apart from `key`. */
export type ParsedSubscription = { key: string; filter: unknown; fromMiniBlock?: bigint; coalesceMs?: number }

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

/** An unfiltered kind that may be resumed: no params, or `{ "fromMiniBlock": N }`. */
export function resumableKind(name: string): SubscriptionKind {
  return {
    parse(params) {
      const options = optionsObject(name, params, '{ "fromMiniBlock": N }')
      if (!options) return { key: '', filter: undefined }
      onlyKeys(name, options, [RESUME_OPTION])
      return { key: '', filter: undefined, fromMiniBlock: resumeOption(options) }
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
    const { [RESUME_OPTION]: _from, ...p } = params as Record<string, unknown>
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
    return {
      key: JSON.stringify(filter),
      filter,
      fromMiniBlock: resumeOption(params as Record<string, unknown>),
    }
  },
}

/** Checked hex (one value or a flat list), lower-cased so equal filters share a channel. */
function lowerCase(value: unknown): string | string[] {
  return Array.isArray(value)
    ? value.map((v) => (v as string).toLowerCase())
    : (value as string).toLowerCase()
}
