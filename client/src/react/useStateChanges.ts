'use client'

import { useEffect, useRef } from 'react'
import type { Address } from 'viem'
import { watchStateChanges } from '../actions/watchStateChanges.ts'
import type { StateChange } from '../stateChanges/parseStateChange.ts'
import { type RealtimeClientParameter, useRealtimeClient } from './useRealtimeClient.ts'

export type UseStateChangesParameters = RealtimeClientParameter & {
  addresses: readonly Address[]
  fromMiniBlock?: bigint
  enabled?: boolean
  onStateChange: (change: StateChange, miniBlock: bigint | undefined) => void
  onError?: (error: Error) => void
}

/** `watchStateChanges` while mounted; resubscribes when the client or the address set changes. */
export function useStateChanges(parameters: UseStateChangesParameters): void {
  const client = useRealtimeClient(parameters)
  const { enabled = true } = parameters
  const key = parameters.addresses.map((a) => a.toLowerCase()).join(',')
  const handlers = useRef(parameters)
  handlers.current = parameters
  useEffect(() => {
    if (!client || !enabled || key === '') return
    try {
      return watchStateChanges(client, {
        addresses: key.split(',') as Address[],
        fromMiniBlock: handlers.current.fromMiniBlock,
        onStateChange: (change, miniBlock) => handlers.current.onStateChange(change, miniBlock),
        onError: (error) => handlers.current.onError?.(error),
      })
    } catch (error) {
      // A client on another transport: said through onError, not thrown out of an effect.
      handlers.current.onError?.(error as Error)
    }
  }, [client, key, enabled])
}
