import type { Log } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import type { LogsFilter } from './SubscriptionKind.ts'

/** eth_getLogs semantics: any listed address; per position, null = any, a list = any of. Hex is lower case. */
export function matchesLogsFilter(log: Log, filter: LogsFilter): boolean {
  if (filter.address !== undefined) {
    const address = bytesToHex(log.address)
    const wanted = filter.address
    if (Array.isArray(wanted) ? !wanted.includes(address) : wanted !== address) return false
  }
  const topics = filter.topics ?? []
  for (let i = 0; i < topics.length; i++) {
    const want = topics[i]
    if (want === null || (Array.isArray(want) && want.length === 0)) continue
    if (i >= log.topics.length) return false
    const topic = bytesToHex(log.topics[i])
    if (Array.isArray(want) ? !want.includes(topic) : want !== topic) return false
  }
  return true
}
