'use client'

import { createContext, type ReactNode, useContext, useEffect, useState } from 'react'
import { META_SUBSCRIPTION } from '../graphql/queries.ts'
import type { Meta } from '../graphql/types.ts'
import { blockNumberOf, callEdge } from '../rpc/callEdge.ts'
import { useExplorer } from './ExplorerProvider.tsx'
import { useSubscription } from './useSubscription.ts'

/** What the edge says: the sequencer's head and the `safe` / `finalized` tags. */
export type EdgeHeads = { head: bigint; safe: bigint | null; finalized: bigint | null }

export type ChainHeads = {
  edge: EdgeHeads | null
  edgeError: string | null
  /** The indexer's `_meta`, pushed after each committed batch (at most every 100 ms). */
  meta: Meta | null
  metaError: string | null
}

const EDGE_POLL_MS = 500

const ChainHeadsContext = createContext<ChainHeads | null>(null)

/**
 * One poller of the edge (a JSON-RPC batch of eth_blockNumber and the `safe`
 * and `finalized` blocks) and one `meta` subscription per page, shared by the
 * status bar, block lists and the transaction's finality stage.
 */
export function ChainHeadsProvider({ children }: { children: ReactNode }) {
  const { config } = useExplorer()
  const [edge, setEdge] = useState<EdgeHeads | null>(null)
  const [edgeError, setEdgeError] = useState<string | null>(null)
  const [meta, setMeta] = useState<Meta | null>(null)
  const metaError = useSubscription(META_SUBSCRIPTION, undefined, (data) => setMeta(data.meta))

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const [head, safe, finalized] = await callEdge(config.rpcUrl, [
          { method: 'eth_blockNumber', params: [] },
          { method: 'eth_getBlockByNumber', params: ['safe', false] },
          { method: 'eth_getBlockByNumber', params: ['finalized', false] },
        ])
        if (stopped) return
        setEdge({
          head: BigInt(head as string),
          safe: blockNumberOf(safe),
          finalized: blockNumberOf(finalized),
        })
        setEdgeError(null)
      } catch (error) {
        if (!stopped) setEdgeError(error instanceof Error ? error.message : String(error))
      }
      if (!stopped) timer = setTimeout(poll, EDGE_POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [config.rpcUrl])

  return (
    <ChainHeadsContext.Provider value={{ edge, edgeError, meta, metaError }}>
      {children}
    </ChainHeadsContext.Provider>
  )
}

export function useChainHeads(): ChainHeads {
  const value = useContext(ChainHeadsContext)
  if (!value) throw new TypeError('useChainHeads needs a <ChainHeadsProvider> above it')
  return value
}
