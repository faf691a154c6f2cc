import { InvalidParamsError } from '../errors/index.ts'
import { onlyKeys, optionsObject, RESUME_OPTION, resumeOption } from './resumeOption.ts'
import type { SubscriptionKind } from './SubscriptionKind.ts'

/** Most addresses one `stateChanges` subscription may watch. */
export const MAX_WATCHED_ADDRESSES = 1_000

/**
 * What a `stateChanges` subscriber watches: MegaETH's per-account changes of
 * listed addresses (lower-case hex), or rtevm's whole diff of each mini-block.
 */
export type StateChangesFilter = { kind: 'accounts'; addresses: ReadonlySet<string> } | { kind: 'diff' }

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * `stateChanges`: MegaETH's form takes a list of addresses (`["stateChanges",
 * ["0x…"]]`); `{ "addresses": [...], "fromMiniBlock": N }` is the same with a
 * resume point. No params, or `{ "detail": "diff" }`, is rtevm's form: every
 * mini-block's whole state diff in one notification.
 */
export const stateChangesKind: SubscriptionKind = {
  parse(params) {
    if (Array.isArray(params)) return accounts(params)
    const options = optionsObject(
      'stateChanges',
      params,
      'a list of addresses, or { "addresses": [...] | "detail": "diff", "fromMiniBlock": N }',
    )
    if (!options) return { key: 'diff', filter: { kind: 'diff' } }
    onlyKeys('stateChanges', options, ['addresses', 'detail', RESUME_OPTION])
    const fromMiniBlock = resumeOption(options)
    if (options.addresses !== undefined) {
      if (options.detail !== undefined) {
        throw new InvalidParamsError('stateChanges takes "addresses" or "detail", not both')
      }
      return { ...accounts(options.addresses), fromMiniBlock }
    }
    if (options.detail !== 'diff') throw new InvalidParamsError('stateChanges takes { "detail": "diff" }')
    return { key: 'diff', filter: { kind: 'diff' }, fromMiniBlock }
  },
}

function accounts(list: unknown) {
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidParamsError('stateChanges takes a non-empty list of addresses')
  }
  if (list.length > MAX_WATCHED_ADDRESSES) {
    throw new InvalidParamsError(`stateChanges watches at most ${MAX_WATCHED_ADDRESSES} addresses`)
  }
  const addresses = new Set<string>()
  for (const item of list) {
    if (typeof item !== 'string' || !ADDRESS.test(item)) {
      throw new InvalidParamsError('stateChanges addresses must be 20-byte hex addresses')
    }
    addresses.add(item.toLowerCase())
  }
  const filter: StateChangesFilter = { kind: 'accounts', addresses }
  return { key: [...addresses].sort().join(','), filter }
}
