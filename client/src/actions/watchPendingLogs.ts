import { type Address, type Client, formatLog, type Hex, type Log, type RpcLog } from 'viem'
import { socketOf } from './socketOf.ts'

export type WatchPendingLogsParameters = {
  address?: Address | readonly Address[]
  /** As eth_getLogs: per position, a topic, a list of alternatives, or null for any. */
  topics?: readonly (Hex | readonly Hex[] | null)[]
  fromMiniBlock?: bigint
  /** Matching logs as each mini-block is sealed (the EVM block's hash is zeros while it is open). */
  onLogs: (logs: Log[], miniBlock: bigint | undefined) => void
  onError?: (error: Error) => void
}

/**
 * `eth_subscribe("logs", { …, fromBlock: "pending", toBlock: "pending" })`: logs per mini-block
 * instead of per sealed block, resuming after a dropped connection. A devnet rewind sends the
 * abandoned logs again with `removed: true`.
 */
export function watchPendingLogs(client: Client, parameters: WatchPendingLogsParameters): () => void {
  const { address, topics, fromMiniBlock, onLogs, onError } = parameters
  const filter = { address, topics, fromBlock: 'pending', toBlock: 'pending' }
  return socketOf(client, 'watchPendingLogs').subscribe(
    ['logs', filter],
    (result, notification) => {
      const logs = (Array.isArray(result) ? result : [result]) as RpcLog[]
      onLogs(
        logs.map((log) => formatLog(log)),
        notification.miniBlock,
      )
    },
    { fromMiniBlock, onError },
  )
}
