'use client'

import { useEffect, useRef } from 'react'
import type { EdgeSocket } from './createEdgeSocket.ts'
import { useExplorer } from './ExplorerProvider.tsx'

/**
 * Runs an `eth_subscribe` on the edge's WebSocket while mounted (none when `params` is null) and
 * hands each result to `onResult` (kept in a ref, so a new closure does not resubscribe).
 */
export function useEdgeSubscription(
  params: readonly unknown[] | null,
  onResult: (result: unknown, edge: EdgeSocket) => void,
): void {
  const { edge } = useExplorer()
  const handler = useRef(onResult)
  handler.current = onResult
  const key = params ? JSON.stringify(params) : null
  useEffect(() => {
    if (!edge || key === null) return
    return edge.subscribe(JSON.parse(key) as unknown[], (result) => handler.current(result, edge))
  }, [edge, key])
}
