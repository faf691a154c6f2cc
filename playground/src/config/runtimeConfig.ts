/** Where the browser finds the chain. Read per request on the server, so one build runs on any ports. */
export type RuntimeConfig = {
  /** The edge's JSON-RPC over HTTP; the same port serves WebSocket. */
  rpcUrl: string
  /** The edge's JSON-RPC over WebSocket (`rpcUrl` with http → ws). */
  wsUrl: string
  /** The indexer's GraphQL endpoint. */
  indexerUrl: string
  chainId: number
}

export const DEFAULT_RPC_URL = 'http://127.0.0.1:8545'
export const DEFAULT_INDEXER_URL = 'http://127.0.0.1:42069/graphql'
export const DEVNET_CHAIN_ID = 31337

/** Reads `RTEVM_RPC_URL` and `RTEVM_INDEXER_URL` now (callers run at request time, never at build time). */
export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const rpcUrl = env.RTEVM_RPC_URL || DEFAULT_RPC_URL
  return {
    rpcUrl,
    wsUrl: rpcUrl.replace(/^http/, 'ws'),
    indexerUrl: env.RTEVM_INDEXER_URL || DEFAULT_INDEXER_URL,
    chainId: Number(env.RTEVM_CHAIN_ID || DEVNET_CHAIN_ID),
  }
}
