/** Where the browser and the server find the chain. Read per request, so one build runs on any ports. */
export type RuntimeConfig = {
  /** GraphQL over HTTP; subscriptions use the same URL over WebSocket. */
  indexerUrl: string
  /** The edge's JSON-RPC (HTTP). */
  rpcUrl: string
}

export const DEFAULT_INDEXER_URL = 'http://127.0.0.1:42069/graphql'
export const DEFAULT_RPC_URL = 'http://127.0.0.1:8545'

/** Reads `RTEVM_INDEXER_URL` and `RTEVM_RPC_URL` now (callers run at request time, never at build time). */
export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  return {
    indexerUrl: env.RTEVM_INDEXER_URL || DEFAULT_INDEXER_URL,
    rpcUrl: env.RTEVM_RPC_URL || DEFAULT_RPC_URL,
  }
}
