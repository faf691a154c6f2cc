'use client'

import { type RealtimeClient, realtime } from '@rtevm/client'
import { type Client, createClient } from 'graphql-ws'
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react'
import { createPublicClient } from 'viem'

export type ExplorerConfig = { indexerUrl: string; rpcUrl: string }

/** The indexer's WebSocket: `connecting` until the first handshake, `down` after a failed one. */
export type IndexerLink = 'connecting' | 'up' | 'down'

/** `graphql` and `edge` are null until mounted in the browser (and during server rendering). */
type ExplorerContextValue = {
  config: ExplorerConfig
  graphql: Client | null
  /**
   * A viem client on the edge's JSON-RPC WebSocket (`@rtevm/client`'s realtime transport): opened by
   * the first subscription, reconnecting with backoff, streams resumed from the last mini-block seen.
   */
  edge: RealtimeClient | null
  link: IndexerLink
}

const ExplorerContext = createContext<ExplorerContextValue | null>(null)

/** Subscriptions use the GraphQL URL with the WebSocket scheme (graphql-ws protocol). */
export function toWebSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):/, 'ws$1:')
}

/**
 * Holds the runtime config the server read for this request and the page's
 * one graphql-ws client (created per mount, closed on unmount: no module
 * singleton). It reconnects forever, backing off to 3 s, so a page opened
 * before the indexer recovers by itself.
 */
export function ExplorerProvider({ config, children }: { config: ExplorerConfig; children: ReactNode }) {
  const [link, setLink] = useState<IndexerLink>('connecting')
  const [graphql, setGraphql] = useState<Client | null>(null)
  const [edge, setEdge] = useState<RealtimeClient | null>(null)
  useEffect(() => {
    const client = createPublicClient({
      transport: realtime(config.rpcUrl, { lazy: true, requestTimeoutMs: 3_000 }),
    })
    setEdge(client)
    return () => {
      setEdge(null)
      client.transport.socket.close()
    }
  }, [config.rpcUrl])
  // Created in an effect, not during render: the server never opens a socket, and React's strict-mode
  // remount (dev) gets a fresh client instead of a disposed one.
  useEffect(() => {
    const client = createClient({
      url: toWebSocketUrl(config.indexerUrl),
      lazy: true,
      lazyCloseTimeout: 1_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: (retries) =>
        new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** retries, 3_000))),
      on: {
        connected: () => setLink('up'),
        closed: () => setLink((current) => (current === 'up' ? 'connecting' : 'down')),
        error: () => setLink('down'),
      },
    })
    setGraphql(client)
    return () => {
      setGraphql(null)
      void client.dispose()
    }
  }, [config.indexerUrl])
  return (
    <ExplorerContext.Provider value={{ config, graphql, edge, link }}>{children}</ExplorerContext.Provider>
  )
}

export function useExplorer(): ExplorerContextValue {
  const value = useContext(ExplorerContext)
  if (!value) throw new TypeError('useExplorer needs an <ExplorerProvider> above it')
  return value
}
