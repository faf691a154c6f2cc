'use client'

import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react'
import { REWINDS_SUBSCRIPTION } from '../graphql/queries.ts'
import type { ChainRewind } from '../graphql/types.ts'
import { useSubscription } from './useSubscription.ts'

export type RewindListener = (rewind: ChainRewind) => void

export type ChainRewinds = {
  /** The newest rewind since the page opened, or null. */
  last: ChainRewind | null
  /** Calls `listener` on each later rewind; returns the unsubscribe. */
  listen(listener: RewindListener): () => void
}

const ChainRewindsContext = createContext<ChainRewinds | null>(null)

/** At most this many components listen at once (a page has a handful of live lists). */
const MAX_LISTENERS = 64

/**
 * One `rewinds` subscription per page (devnet `evm_revert`, `anvil_rollback`, `anvil_reorg`),
 * fanned out to the live lists, which drop what the rewind abandoned, and to the pages showing an
 * abandoned block or transaction.
 */
export function ChainRewindsProvider({ children }: { children: ReactNode }) {
  const [last, setLast] = useState<ChainRewind | null>(null)
  const listeners = useRef(new Set<RewindListener>())
  useSubscription(REWINDS_SUBSCRIPTION, undefined, (data) => {
    setLast(data.rewinds)
    for (const listener of listeners.current) listener(data.rewinds)
  })
  const [value] = useState<Omit<ChainRewinds, 'last'>>(() => ({
    listen(listener) {
      if (listeners.current.size >= MAX_LISTENERS)
        throw new RangeError(`at most ${MAX_LISTENERS} rewind listeners per page`)
      listeners.current.add(listener)
      return () => listeners.current.delete(listener)
    },
  }))
  return (
    <ChainRewindsContext.Provider value={{ last, listen: value.listen }}>
      {children}
    </ChainRewindsContext.Provider>
  )
}

export function useChainRewinds(): ChainRewinds {
  const value = useContext(ChainRewindsContext)
  if (!value) throw new TypeError('useChainRewinds needs a <ChainRewindsProvider> above it')
  return value
}

/** Runs `onRewind` for each rewind while mounted (kept in a ref: a new closure does not re-listen). */
export function useOnRewind(onRewind: RewindListener | undefined): void {
  const { listen } = useChainRewinds()
  const handler = useRef(onRewind)
  handler.current = onRewind
  const wanted = onRewind !== undefined
  useEffect(() => {
    if (!wanted) return
    return listen((rewind) => handler.current?.(rewind))
  }, [listen, wanted])
}
