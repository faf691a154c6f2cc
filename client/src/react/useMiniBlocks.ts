'use client'

import { useEffect, useRef } from 'react'
import { watchMiniBlocks } from '../actions/watchMiniBlocks.ts'
import type { MiniBlock, MiniBlockDetail } from '../miniBlocks/parseMiniBlock.ts'
import { type RealtimeClientParameter, useRealtimeClient } from './useRealtimeClient.ts'

export type UseMiniBlocksParameters = RealtimeClientParameter & {
  detail?: MiniBlockDetail
  /** Read once, when the subscription starts. */
  fromMiniBlock?: bigint
  /** False: no subscription (default true). */
  enabled?: boolean
  onMiniBlock: (miniBlock: MiniBlock) => void
  onError?: (error: Error) => void
}

/**
 * `watchMiniBlocks` while mounted. The callbacks are kept in refs: a new closure on each render
 * does not resubscribe; a new client or detail does. Nothing is stored in React state, so a
 * mini-block a millisecond never renders by itself: fold them into a ref and draw per frame.
 */
export function useMiniBlocks(parameters: UseMiniBlocksParameters): void {
  const client = useRealtimeClient(parameters)
  const { detail = 'full', enabled = true } = parameters
  const handlers = useRef(parameters)
  handlers.current = parameters
  useEffect(() => {
    if (!client || !enabled) return
    try {
      return watchMiniBlocks(client, {
        detail,
        fromMiniBlock: handlers.current.fromMiniBlock,
        onMiniBlock: (miniBlock) => handlers.current.onMiniBlock(miniBlock),
        onError: (error) => handlers.current.onError?.(error),
      })
    } catch (error) {
      // A client on another transport: said through onError, not thrown out of an effect.
      handlers.current.onError?.(error as Error)
    }
  }, [client, detail, enabled])
}
