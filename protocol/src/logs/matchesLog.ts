import type { Log } from '../types/index.ts'

/** The address and topic part of a log filter, as bytes; topics follow eth_getLogs (null = any, array = any of). */
export type LogMatch = {
  addresses?: Uint8Array[]
  topics?: (Uint8Array | Uint8Array[] | null)[]
}

/**
 * eth_getLogs filter semantics: any listed address; per topic position,
 * null (or absent) matches anything, an array matches any of its members; a
 * log with fewer topics than the filter names does not match. An empty
 * address list, like an empty alternative list, matches anything.
 */
export function matchesLog(log: Log, query: LogMatch): boolean {
  const { addresses, topics } = query
  if (addresses && addresses.length > 0 && !addresses.some((address) => sameBytes(address, log.address)))
    return false
  if (!topics) return true
  for (let i = 0; i < topics.length; i++) {
    const wanted = topics[i]
    if (wanted === null || wanted === undefined) continue
    const topic = log.topics[i]
    if (topic === undefined) return false
    if (wanted instanceof Uint8Array) {
      if (!sameBytes(wanted, topic)) return false
    } else if (wanted.length > 0 && !wanted.some((candidate) => sameBytes(candidate, topic))) return false
  }
  return true
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
