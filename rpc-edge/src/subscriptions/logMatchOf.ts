import type { LogMatch } from '@rtevm/protocol/logs'
import { hexToBytes } from 'viem'
import type { LogsFilter } from './SubscriptionKind.ts'

// A channel's filter lives as long as the channel: its bytes are made once.
const matches = new WeakMap<LogsFilter, LogMatch>()

/** A `logs` subscription's hex filter as protocol's `matchesLog` takes it (bytes). */
export function logMatchOf(filter: LogsFilter): LogMatch {
  let match = matches.get(filter)
  if (match === undefined) {
    const bytes = (hex: string | string[]) => (Array.isArray(hex) ? hex : [hex]).map(toBytes)
    match = {
      addresses: filter.address === undefined ? undefined : bytes(filter.address),
      topics: filter.topics?.map((topic) => (topic === null ? null : bytes(topic))),
    }
    matches.set(filter, match)
  }
  return match
}

const toBytes = (hex: string) => hexToBytes(hex as `0x${string}`)
