import type { RealtimeSocket } from '@rtevm/client'
import { type Abi, type Address, decodeEventLog, type Hex } from 'viem'

export type RpcLog = {
  address: Address
  topics: [Hex, ...Hex[]]
  data: Hex
  transactionHash: Hex
  logIndex?: Hex
}

export type DecodedLog = { eventName: string; args: Record<string, unknown>; log: RpcLog }

/**
 * `eth_subscribe('logs', { address, fromBlock: 'pending' })`: the edge delivers matching
 * logs per mini-block (a plain `logs` subscription waits for the sealed 1 s block). This
 * is the lowest-latency feed the playground has: it comes from the edge's own replica on
 * the socket the page already holds, with no indexer hop and no database commit before it.
 * Logs this ABI cannot decode are skipped.
 */
export function subscribeLogs(
  socket: RealtimeSocket,
  { address, abi }: { address: Address; abi: Abi },
  onLogs: (logs: DecodedLog[]) => void,
): () => void {
  return socket.subscribe(['logs', { address, fromBlock: 'pending', toBlock: 'pending' }], (result) => {
    const raw = (Array.isArray(result) ? result : [result]) as RpcLog[]
    const decoded: DecodedLog[] = []
    for (const log of raw) {
      const event = decodeLog(abi, log)
      if (event) decoded.push(event)
    }
    if (decoded.length > 0) onLogs(decoded)
  })
}

export function decodeLog(abi: Abi, log: { topics: readonly Hex[]; data: Hex }): DecodedLog | undefined {
  try {
    const { eventName, args } = decodeEventLog({ abi, topics: log.topics as [Hex, ...Hex[]], data: log.data })
    return { eventName: String(eventName), args: (args ?? {}) as Record<string, unknown>, log: log as RpcLog }
  } catch {
    return undefined
  }
}
