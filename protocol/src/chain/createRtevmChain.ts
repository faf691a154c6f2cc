import { type Chain, defineChain } from 'viem'

/** Endpoints and id of an rtevm chain; every field defaults to the local devnet. */
export type CreateRtevmChainParameters = {
  /** HTTP JSON-RPC URL. Default `http://127.0.0.1:8545`. */
  rpcUrl?: string
  /** WebSocket JSON-RPC URL. Default: `rpcUrl` with `http` replaced by `ws`, as an edge serves both on one port. */
  wsUrl?: string
  /** Default 31337, so wallet localhost presets work. */
  chainId?: number
  /** Default `rtevm devnet`. */
  name?: string
}

const defaults = {
  rpcUrl: 'http://127.0.0.1:8545',
  wsUrl: 'ws://127.0.0.1:8545',
  chainId: 31337,
  name: 'rtevm devnet',
} as const

/**
 * A viem chain definition for an rtevm chain, for endpoints other than the
 * local devnet's (another host or port, a remote edge, another chain id).
 *
 * `blockTime` is in milliseconds in viem and is set to the mini-block
 * interval (~1 ms; viem cannot express less), since `latest` resolves to the
 * newest mini-block; EVM blocks, which advance the block number, are sealed
 * every second. A block time this short also turns off viem's block-number
 * cache (`cacheTime` defaults to `blockTime / 2`).
 *
 * Typed as `Chain` because viem's inferred chain type names a type viem does
 * not export, which declaration emit cannot reference.
 *
 * @example
 * const chain = createRtevmChain({ rpcUrl: 'http://10.0.0.5:9545' })
 * const client = createPublicClient({ chain, transport: webSocket(), pollingInterval: rtevmPollingIntervalMs })
 */
export function createRtevmChain(parameters: CreateRtevmChainParameters = {}): Chain {
  const rpcUrl = parameters.rpcUrl ?? defaults.rpcUrl
  const wsUrl =
    parameters.wsUrl ?? (parameters.rpcUrl ? parameters.rpcUrl.replace(/^http/, 'ws') : defaults.wsUrl)
  return defineChain({
    id: parameters.chainId ?? defaults.chainId,
    name: parameters.name ?? defaults.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl], webSocket: [wsUrl] } },
    blockTime: 1,
    testnet: true,
  })
}
